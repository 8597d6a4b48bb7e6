/**
 * Runs an async job one at a time: asking while it runs schedules exactly one more run after
 * it, however many times one asks. The views ask for a refresh on every event (a model
 * change, a worker's message, a retry); this turns a burst of them into at most two CLI
 * calls or server requests, the last of which sees the latest state.
 */
export class SerialTask {
  private current: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly job: () => Promise<void>) {}

  /** Resolves once a run that started after this call has finished (rejects if that run threw). */
  request(): Promise<void> {
    if (this.current === undefined) return this.start();
    const after = (): Promise<void> => {
      this.next = undefined;
      return this.start();
    };
    this.next ??= this.current.then(after, after);
    return this.next;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  private start(): Promise<void> {
    const run = (async () => {
      try {
        await this.job();
      } finally {
        this.current = undefined;
      }
    })();
    this.current = run;
    return run;
  }
}

/** Calls `fn` once, `ms` after the last of a burst of triggers. */
export function debounce(fn: () => void, ms: number): { trigger(): void; dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    trigger: () => {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
      timer.unref?.();
    },
    dispose: () => clearTimeout(timer),
  };
}
