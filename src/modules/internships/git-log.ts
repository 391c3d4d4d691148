/**
 * Reading commits from a local clone: `git log` run as a child process (no shell), one line per
 * commit with its hash, author email, author name and date. Commits carry no activity weight; their
 * emails are what identity merge proposes to students (a commit email equal to an account's).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isBot } from './activity.ts';
import { type HostEvent, HostImportError } from './hosts.ts';

const run = promisify(execFile);

export async function readGitLog(cloneDir: string, webUrl: string): Promise<HostEvent[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      'git',
      ['-C', cloneDir, 'log', '--no-merges', '--format=%H%x1f%ae%x1f%an%x1f%aI'],
      {
        maxBuffer: 256 * 1024 * 1024,
      },
    ));
  } catch (err) {
    throw new HostImportError(cloneDir, `git log failed (${(err as Error).message.split('\n')[0]})`);
  }
  const events: HostEvent[] = [];
  for (const line of stdout.split('\n')) {
    if (!line) continue;
    const [hash, email, name, date] = line.split('\x1f');
    const at = new Date(date);
    if (!hash || Number.isNaN(at.getTime())) throw new HostImportError(cloneDir, `unreadable line ${line}`);
    const lowered = email.toLowerCase();
    // GitHub's private commit emails name the login: 12345+login@users.noreply.github.com.
    const noreply = lowered.match(/^(?:\d+\+)?([a-z0-9-]+)@users\.noreply\.github\.com$/);
    events.push({
      kind: 'commit',
      externalId: hash,
      login: noreply ? noreply[1] : '',
      email: lowered,
      bot: isBot(noreply?.[1] ?? name) || lowered.includes('[bot]'),
      title: name,
      url: `${webUrl.replace(/\/$/, '')}/commit/${hash}`,
      labels: [],
      occurredAt: at,
    });
  }
  return events;
}
