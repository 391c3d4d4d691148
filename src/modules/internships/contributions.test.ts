import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeUser, TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { credentials } from '../credentials/schema.ts';
import { createAchievement, createIssuer } from '../credentials/service.ts';
import { confirmCertificateName } from '../identity/certificate-name.ts';
import {
  approveContributionCertificate,
  createProgramme,
  decideIdentity,
  importFromClone,
  importFromHost,
  parseRepoUrl,
  proposeIdentities,
  receiveWebhook,
  registerProject,
  studentActivity,
} from './contributions.ts';
import { contributionAwards, contributionEvents, contributorIdentities } from './schema.ts';

const t = useTestApp();
const info = { actorId: null, ip: null };
const SECRET = 'test-secret-test-secret-test-secret-00';

/** A GitHub-shaped API on localhost: what `/repos/acme/kv/…` answers, page by page. */
let server: Server;
let base = '';
const routes = new Map<string, unknown[]>();
let failPath: string | null = null;
const requested: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    requested.push(`${u.pathname}?${u.searchParams}`);
    if (failPath && u.pathname === failPath) {
      res.writeHead(502).end('bad gateway');
      return;
    }
    const all = routes.get(u.pathname);
    if (!all) {
      res.writeHead(404).end('{}');
      return;
    }
    const per = Number(u.searchParams.get('per_page'));
    const page = Number(u.searchParams.get('page'));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(all.slice((page - 1) * per, page * per)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const lin = { login: 'LinXiao', type: 'User' };
const bot = { login: 'dependabot[bot]', type: 'Bot' };
function seedApi() {
  failPath = null;
  routes.clear();
  // 150 PRs by Lin, so the import has to read two pages; 3 of them merged with point labels.
  const pulls = Array.from({ length: 150 }, (_, i) => ({
    number: i + 1,
    html_url: `https://github.com/acme/kv/pull/${i + 1}`,
    title: `fix ${i + 1}`,
    user: lin,
    created_at: '2026-11-02T03:00:00Z',
    merged_at: i < 3 ? '2026-11-05T03:00:00Z' : null,
    labels: i < 3 ? [{ name: 'points:50' }] : [],
  }));
  pulls.push({
    number: 999,
    html_url: 'https://github.com/acme/kv/pull/999',
    title: 'bump deps',
    user: bot,
    created_at: '2026-11-02T03:00:00Z',
    merged_at: '2026-11-02T04:00:00Z',
    labels: [{ name: 'points:50' }],
  });
  routes.set('/repos/acme/kv/pulls', pulls);
  routes.set('/repos/acme/kv/issues', [
    {
      number: 500,
      html_url: 'https://github.com/acme/kv/issues/500',
      title: 'crash',
      user: lin,
      created_at: '2026-11-01T00:00:00Z',
    },
    {
      number: 1,
      html_url: 'https://github.com/acme/kv/pull/1',
      title: 'fix 1',
      user: lin,
      created_at: '2026-11-02T03:00:00Z',
      pull_request: {},
    },
  ]);
  routes.set('/repos/acme/kv/issues/comments', [
    {
      id: 7,
      html_url: 'https://github.com/acme/kv/issues/500#c7',
      user: lin,
      created_at: '2026-11-01T01:00:00Z',
    },
  ]);
  routes.set('/repos/acme/kv/pulls/comments', []);
}

async function project() {
  const mentor = await makeUser(t.db, { name: '赵导师' });
  const org = await makeOrg(t.db, mentor.id);
  const { project, webhookSecret } = await registerProject(
    t.db,
    { orgId: org.id, url: 'https://github.com/acme/kv', mentorId: mentor.id },
    info,
  );
  return { mentor, org, project, webhookSecret };
}

describe('contributions', () => {
  it('reads repository URLs of the three hosts and refuses others', () => {
    expect(parseRepoUrl('https://github.com/acme/kv.git')).toEqual({
      host: 'github',
      owner: 'acme',
      repo: 'kv',
    });
    expect(parseRepoUrl('https://gitee.com/opengauss/openGauss-server')).toEqual({
      host: 'gitee',
      owner: 'opengauss',
      repo: 'openGauss-server',
    });
    expect(parseRepoUrl('https://gitcode.com/a/b')?.host).toBe('gitcode');
    expect(parseRepoUrl('https://example.com/a/b')).toBeUndefined();
    expect(parseRepoUrl('https://github.com/a')).toBeUndefined();
    expect(parseRepoUrl('javascript:alert(1)')).toBeUndefined();
  });

  it('imports every page over HTTP, scores the month without bots, and issues the certificate with PR links', async () => {
    seedApi();
    const { mentor, project: p } = await project();
    const result = await importFromHost(t.db, p.id, info, { bases: { github: base } });
    // 151 opened + 4 merged PRs, 1 issue (the PR GitHub lists among issues skipped), 1 comment.
    expect(result).toEqual({ seen: 157, added: 157 });
    expect(requested).toContain('/repos/acme/kv/pulls?state=all&per_page=100&page=2');
    // Importing again adds nothing.
    expect(await importFromHost(t.db, p.id, info, { bases: { github: base } })).toEqual({
      seen: 157,
      added: 0,
    });

    const student = await makeUser(t.db, { roles: ['student'], email: 'lin@students.test' });
    await confirmCertificateName(t.db, student.id, '林晓', { ip: null });
    // The login is claimed through a local clone's commit under the student's own email.
    const clone = mkdtempSync(path.join(os.tmpdir(), 'gj-clone-'));
    try {
      const commit = (email: string, message: string) =>
        execFileSync('git', ['-C', clone, 'commit', '-q', '--allow-empty', '-m', message], {
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: 'Lin Xiao',
            GIT_AUTHOR_EMAIL: email,
            GIT_COMMITTER_NAME: 'Lin Xiao',
            GIT_COMMITTER_EMAIL: email,
          },
        });
      execFileSync('git', ['-C', clone, 'init', '-q']);
      commit('lin@students.test', 'first');
      commit('1234+LinXiao@users.noreply.github.com', 'second');
      expect(await importFromClone(t.db, p.id, clone, info)).toEqual({ seen: 2, added: 2 });
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
    await expect(
      importFromClone(t.db, p.id, path.join(os.tmpdir(), 'no-such-clone'), info),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      messageKey: 'internships.contrib.importFailed',
    });

    const issuer = await createIssuer(
      { db: t.db, secret: SECRET, publicUrl: TEST_PUBLIC_URL },
      { slug: 'osc', nameZh: '开源委员会', nameEn: 'OSC' },
      info,
    );
    const ctx = { db: t.db, secret: SECRET, publicUrl: TEST_PUBLIC_URL };
    const achievement = await createAchievement(
      ctx,
      {
        slug: 'contrib',
        nameZh: '开源贡献证书',
        nameEn: 'Contribution',
        descriptionZh: '',
        descriptionEn: '',
        criteriaZh: '120 积分',
        criteriaEn: '',
        issuerId: issuer.id,
      },
      info,
    );
    const programme = await createProgramme(
      t.db,
      {
        slug: 'r2cn-2026',
        nameZh: 'r2cn 2026',
        nameEn: '',
        achievementId: achievement.id,
        defaultPoints: 2,
        threshold: 120,
        windowMonths: 12,
        mergedBy: null,
      },
      info,
    );
    const now = new Date('2026-12-01T00:00:00Z');
    // Before any identity is confirmed, none of the work is the student's.
    await expect(
      approveContributionCertificate(
        ctx,
        { programmeId: programme.id, userId: student.id, mentorId: mentor.id },
        info,
        now,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await studentActivity(t.db, student.id)).toEqual([]);

    // The platform proposes the email and, by the same author name, the GitHub login.
    const proposals = await proposeIdentities(t.db, student.id);
    expect(proposals.map((p) => [p.kind, p.handle, p.status])).toEqual([
      ['email', 'lin@students.test', 'proposed'],
      ['github', 'linxiao', 'proposed'],
    ]);
    for (const p of proposals) await decideIdentity(t.db, student.id, p.id, true, info);
    const activity = await studentActivity(t.db, student.id);
    expect(activity.map((a) => a.month)).toEqual(['2026-11', expect.stringMatching(/^\d{4}-\d{2}$/)]);
    expect(activity[0].activity).toBeCloseTo(Math.sqrt(0.5252 + 2.2235 + 150 * 4.0679 + 3 * 2.0339), 8);

    // Another student cannot confirm the same login.
    const other = await makeUser(t.db, { roles: ['student'] });
    await t.db.insert(contributorIdentities).values({ userId: other.id, kind: 'github', handle: 'linxiao' });
    const [theirs] = await t.db
      .select()
      .from(contributorIdentities)
      .where(eq(contributorIdentities.userId, other.id));
    await expect(decideIdentity(t.db, other.id, theirs.id, true, info)).rejects.toMatchObject({
      code: 'CONFLICT',
      messageKey: 'internships.contrib.identityTaken',
    });

    // Someone who is not the project's mentor cannot approve.
    await expect(
      approveContributionCertificate(
        ctx,
        { programmeId: programme.id, userId: student.id, mentorId: other.id },
        info,
        now,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'internships.contrib.notMentor' });
    const credential = await approveContributionCertificate(
      ctx,
      { programmeId: programme.id, userId: student.id, mentorId: mentor.id },
      info,
      now,
    );
    const [stored] = await t.db.select().from(credentials).where(eq(credentials.id, credential.id));
    const evidence = (stored.document as { evidence: { id?: string; url?: string }[] }).evidence;
    expect(JSON.stringify(evidence)).toContain('https://github.com/acme/kv/pull/1');
    expect(evidence).toHaveLength(3);
    expect((await t.db.select().from(contributionAwards))[0]).toMatchObject({
      points: 150,
      userId: student.id,
    });
    await expect(
      approveContributionCertificate(
        ctx,
        { programmeId: programme.id, userId: student.id, mentorId: mentor.id },
        info,
        now,
      ),
    ).rejects.toMatchObject({ messageKey: 'internships.contrib.awarded' });
  });
});

describe('contribution imports', () => {
  it('write nothing when one page fails, and say which', async () => {
    seedApi();
    failPath = '/repos/acme/kv/issues/comments';
    const { project: p } = await project();
    await expect(importFromHost(t.db, p.id, info, { bases: { github: base } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      messageKey: 'internships.contrib.importFailed',
      vars: {
        detail: expect.stringContaining('/repos/acme/kv/issues/comments?per_page=100&page=1: HTTP 502'),
      },
    });
    expect(await t.db.select().from(contributionEvents)).toEqual([]);
    routes.set('/repos/acme/kv/pulls/comments', [{ id: 'x', user: lin }]);
    failPath = null;
    await expect(importFromHost(t.db, p.id, info, { bases: { github: base } })).rejects.toMatchObject({
      vars: { detail: expect.stringContaining('unexpected shape at 0.html_url') },
    });
    expect(await t.db.select().from(contributionEvents)).toEqual([]);
  });

  it('take a merged PR from a webhook signed with the project’s secret, and refuse a bad signature', async () => {
    const { project: p, webhookSecret } = await project();
    const body = JSON.stringify({
      action: 'closed',
      pull_request: {
        number: 42,
        html_url: 'https://github.com/acme/kv/pull/42',
        title: 'faster scan',
        created_at: '2026-11-01T00:00:00Z',
        merged_at: '2026-11-03T00:00:00Z',
        user: { login: 'LinXiao', type: 'User' },
        labels: [{ name: 'points:20' }],
      },
    });
    const sig = `sha256=${createHmac('sha256', webhookSecret).update(body).digest('hex')}`;
    await expect(receiveWebhook(t.db, p.id, body, 'sha256=00')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(receiveWebhook(t.db, p.id, `${body} `, sig)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.select().from(contributionEvents)).toEqual([]);
    expect(await receiveWebhook(t.db, p.id, body, sig)).toEqual({ seen: 2, added: 2 });
    const rows = await t.db.select().from(contributionEvents);
    expect(rows.map((r) => [r.kind, r.login, r.labels]).sort()).toEqual([
      ['pr_merged', 'linxiao', ['points:20']],
      ['pr_opened', 'linxiao', ['points:20']],
    ]);
  });
});
