/** Time as the worker sees it: injected so tests run a worker's timeline without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `ms` milliseconds, or less if `signal` aborts. Never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: sleeping is a timer, so an idle worker never blocks the event loop. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

/** A clock that only moves when told to, or when something sleeps on it (Symfony's MockClock). */
export class MockClock implements Clock {
  constructor(private current: number = Date.UTC(2026, 10, 22, 12, 0, 0)) {}

  now(): number {
    return this.current;
  }

  async sleep(ms: number): Promise<void> {
    if (ms > 0) this.current += ms;
  }

  /** Moves time forward. */
  advance(ms: number): void {
    this.current += ms;
  }
}
