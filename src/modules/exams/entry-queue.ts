/**
 * The exam entry queue (ADR 0038): starting an attempt and opening its page, admitted a few at a
 * time, first come first served. Without it a synchronised start of thousands sends every request
 * to the database pool at once; the pool serves queries, not requests, in arrival order, so each of
 * a start's dozen queries waits behind every other request's and every start takes as long as all
 * of them together (the 17-second starts of issue 15). Admitted `concurrency` at a time — the
 * pool's size — each runs its queries back to back: starts finish in the order they came, and the
 * whole burst is no slower.
 *
 * A request that would wait longer than `budgetMs` is not queued: it is answered at once with 503
 * and a Retry-After (`EntryQueueFull`), which the page shows in the candidate's language. That is
 * the last resort for a burst beyond what the server can take in the budget, never the normal path.
 */

export class EntryQueueFull extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('entry queue full');
  }
}

type Waiter = { resolve: () => void; reject: (err: unknown) => void; timer: NodeJS.Timeout };

export class EntryQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  /** Waiters served before `waiting`: the second half of an entry already admitted once. */
  private readonly first: Waiter[] = [];
  /** Recent time one admitted request took (ms), a moving average; `guessMs` until measured. */
  private serviceMs: number;

  constructor(
    readonly concurrency: number,
    readonly budgetMs: number,
    guessMs = 50,
  ) {
    this.serviceMs = guessMs;
  }

  /** How many requests wait to be admitted right now. */
  get queued(): number {
    return this.waiting.length + this.first.length;
  }

  /**
   * Runs `fn` once admitted; throws EntryQueueFull when the wait would exceed the budget. `ahead`
   * puts it before everything waiting without it: a candidate who got through the queue to start
   * does not queue behind the whole burst again for the page the start led to.
   */
  async run<T>(fn: () => Promise<T>, ahead = false): Promise<T> {
    if (this.running < this.concurrency) this.running++;
    else await this.admission(ahead ? this.first : this.waiting);
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.serviceMs = this.serviceMs * 0.9 + (performance.now() - started) * 0.1;
      this.release();
    }
  }

  /** The wait ahead of a request joining the queue now, from the recent service time. */
  private expectedWaitMs(line: Waiter[] = this.waiting): number {
    const ahead = line === this.first ? this.first.length : this.queued;
    return ((ahead + 1) * this.serviceMs) / this.concurrency;
  }

  private admission(line: Waiter[]): Promise<void> {
    const expected = this.expectedWaitMs(line);
    if (expected > this.budgetMs) return Promise.reject(new EntryQueueFull(retryAfter(expected)));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        // The estimate was wrong (requests slowed down): stop waiting at the budget all the same.
        timer: setTimeout(() => {
          const at = line.indexOf(waiter);
          if (at >= 0) line.splice(at, 1);
          reject(new EntryQueueFull(retryAfter(this.expectedWaitMs(line))));
        }, this.budgetMs),
      };
      line.push(waiter);
    });
  }

  private release(): void {
    const next = this.first.shift() ?? this.waiting.shift();
    if (!next) {
      this.running--;
      return;
    }
    // The slot passes straight to the next waiter: `running` stays the same.
    clearTimeout(next.timer);
    next.resolve();
  }
}

/** Seconds a refused candidate should wait: about when the queue ahead of them will have drained. */
function retryAfter(expectedMs: number): number {
  return Math.min(60, Math.max(1, Math.ceil(expectedMs / 1000)));
}
