/**
 * Mail delivery over real SMTP: a local smtp-server stands in for the mail relay, and the job
 * runner talks to it exactly as it would in production.
 */
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { createDeps, createJobRunner } from '../server.ts';
import type { Deps } from './context.ts';
import type { JobRunner } from './jobs.ts';
import { silentLogger } from './log.ts';
import { queueMail } from './mail.ts';
import { jobs, mailOutbox } from './schema.ts';

type Received = { mailFrom: string | undefined; rcptTo: string[]; raw: string };

const silent = silentLogger;
let server: SMTPServer;
let received: Received[] = [];
let database: TestDatabase;
let deps: Deps;
let runner: JobRunner;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@reject.test')) {
        return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          rcptTo: session.envelope.rcptTo.map((a) => a.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  database = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', SMTP_URL: `smtp://127.0.0.1:${port}` });
  deps = createDeps(database, config, silent);
  runner = createJobRunner(deps);
});

beforeEach(async () => {
  await database.reset();
  received = [];
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await database?.close();
});

/** A minimal RFC 5322 reader for one single-part text message: unfolded headers and decoded body. */
function parseMessage(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoded = raw.slice(split + 4);
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let bytes: Buffer;
  if (cte === 'base64') bytes = Buffer.from(encoded.replace(/\s+/g, ''), 'base64');
  else if (cte === 'quoted-printable') bytes = qpDecode(encoded);
  else bytes = Buffer.from(encoded, 'utf8');
  return { headers, body: bytes.toString('utf8').replace(/\r\n/g, '\n') };
}

function qpDecode(s: string): Buffer {
  const text = s.replace(/=\r\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(out);
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=` / `=?UTF-8?Q?…?=`) in a header value. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : qpDecode(data.replace(/_/g, ' ')).toString('utf8'),
    );
}

const TEXT =
  '小明，你好！\n\n欢迎加入共进数据库产业联盟。这一行故意写得很长，超过七十六个字符，用来检验邮件正文在传输编码折行之后仍然能原样还原：数据库、开源、生态、人才、认证、黑客松。\n\n—— 共进 Gongjin';

describe('mail.send over SMTP', () => {
  it('delivers exactly the queued message, in UTF-8, and marks the outbox row sent', async () => {
    const id = await queueMail(deps.db, {
      to: 'xiao.ming@example.cn',
      subject: '欢迎加入共进',
      text: TEXT,
      template: 'mail.welcome',
    });
    expect(await runner.drain()).toBe(1);

    expect(received).toHaveLength(1);
    const [msg] = received;
    expect(msg.mailFrom).toBe('noreply@gongjin.local');
    expect(msg.rcptTo).toEqual(['xiao.ming@example.cn']);
    const { headers, body } = parseMessage(msg.raw);
    expect(headers.to).toBe('xiao.ming@example.cn');
    expect(decodeWords(headers.from)).toBe('共进 Gongjin <noreply@gongjin.local>');
    expect(decodeWords(headers.subject)).toBe('欢迎加入共进');
    expect(headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(body).toBe(TEXT);

    const [row] = await deps.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    expect({ status: row.status, error: row.error, messageId: row.messageId }).toEqual({
      status: 'sent',
      error: null,
      messageId: headers['message-id'],
    });
    expect(row.messageId).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
    expect(row.sentAt).toBeInstanceOf(Date);
    const [job] = await deps.db.select().from(jobs);
    expect([job.status, job.attempts]).toEqual(['done', 1]);

    // Running the queue again sends nothing more.
    expect(await runner.drain()).toBe(0);
    expect(received).toHaveLength(1);
  });

  it('sends attachments as parts of a multipart/mixed message', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
    await queueMail(deps.db, {
      to: 'xiao.ming@example.cn',
      subject: '报名成功',
      text: TEXT,
      template: 'mail.attached',
      attachments: [{ filename: 'salon.ics', contentType: 'text/calendar; charset=utf-8', content: ics }],
    });
    expect(await runner.drain()).toBe(1);
    const { headers } = parseMessage(received[0].raw);
    const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'])?.[1] ?? '';
    expect(headers['content-type'].startsWith('multipart/mixed;')).toBe(true);
    const parts = received[0].raw
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((p) => parseMessage(p.replace(/^\r\n/, '')));
    expect(parts.map((p) => p.headers['content-type'])).toEqual([
      'text/plain; charset=utf-8',
      'text/calendar; charset=utf-8; name=salon.ics',
    ]);
    expect(parts[0].body).toBe(TEXT);
    expect(parts[1].body.replace(/\n/g, '\r\n')).toBe(ics);
  });

  it('keeps a rejected mail queued with the error and retries the job later', async () => {
    const id = await queueMail(deps.db, {
      to: 'nobody@reject.test',
      subject: '退信测试',
      text: '这封邮件会被拒收。',
      template: 'mail.test',
    });
    const before = Date.now();
    expect(await runner.drain()).toBe(1);
    const after = Date.now();
    expect(received).toEqual([]);

    const [row] = await deps.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    const error = "Can't send mail - all recipients were rejected: 550 Mailbox unavailable";
    expect({ status: row.status, error: row.error, messageId: row.messageId, sentAt: row.sentAt }).toEqual({
      status: 'queued',
      error,
      messageId: null,
      sentAt: null,
    });
    const [job] = await deps.db.select().from(jobs);
    expect({ status: job.status, attempts: job.attempts, lastError: job.lastError }).toEqual({
      status: 'queued',
      attempts: 1,
      lastError: error,
    });
    expect(job.runAt.getTime()).toBeGreaterThanOrEqual(before + 10_000);
    expect(job.runAt.getTime()).toBeLessThanOrEqual(after + 10_000);
    // Not due yet.
    expect(await runner.drain()).toBe(0);
  });

  it('marks the outbox row failed once the last attempt is used up', async () => {
    const id = await queueMail(deps.db, {
      to: 'nobody@reject.test',
      subject: '退信测试',
      text: '这封邮件会被拒收。',
      template: 'mail.test',
    });
    const [job] = await deps.db.select().from(jobs);
    for (let attempt = 1; attempt <= job.maxAttempts; attempt++) {
      await deps.db
        .update(jobs)
        .set({ runAt: new Date(Date.now() - 1000) })
        .where(eq(jobs.id, job.id));
      expect(await runner.drain()).toBe(1);
      const [row] = await deps.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
      expect(row.status).toBe(attempt < job.maxAttempts ? 'queued' : 'failed');
    }
    const [done] = await deps.db.select().from(jobs);
    expect([done.status, done.attempts]).toEqual(['failed', 8]);
    expect(received).toEqual([]);
  });
});
