/**
 * Structured logs (ADR 0028): pino, one JSON object per line. `info` and `debug` go to stdout,
 * `warn` and `error` to stderr (as before pino), each through sonic-boom's asynchronous destination:
 * a line is appended to a buffer and written by the thread pool, so a slow terminal or a full pipe
 * never blocks the event loop (a synchronous write of every request line would). pino flushes the
 * buffer when the process exits.
 *
 * Every HTTP request gets an id (`X-Request-Id`); its log line carries it as `reqId`, and the 500
 * page and every JSON API error show it, so an operator can go from what a user saw to the line.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Config } from '../config.ts';

export type Logger = pino.Logger;

/** The production logger. `streams` replaces stdout/stderr (tests read what was logged). */
export function createLogger(
  level: Config['LOG_LEVEL'] | 'silent',
  streams?: { out: pino.DestinationStream; err?: pino.DestinationStream },
): Logger {
  const out = streams?.out ?? pino.destination({ dest: 1, sync: false });
  const err = streams ? (streams.err ?? streams.out) : pino.destination({ dest: 2, sync: false });
  return pino(
    {
      level,
      // ISO time and the level's name: readable by a person and by `jq`, and what the old logger wrote.
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      base: undefined,
    },
    // dedupe: a warn goes to stderr only, not to both.
    pino.multistream(
      [
        { level: 'debug', stream: out },
        { level: 'warn', stream: err },
      ],
      { dedupe: true },
    ),
  );
}

/** For tests and benchmarks that want no output. */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * An id a client or proxy sent us is kept only when it is short and plain (letters, digits and
 * `._:-`, up to 64), so it can be logged, echoed and shown without escaping or log injection.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Ids made here: a random per-process prefix and a counter, so no random bytes are drawn per
 * request and ids from two processes do not collide (e.g. `k3x9q2-1f4`).
 */
const prefix = randomBytes(4).readUInt32BE().toString(36);
let counter = 0;

export function requestIdFor(incoming: string | string[] | undefined): string {
  if (typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming)) return incoming;
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}-${counter.toString(36)}`;
}
