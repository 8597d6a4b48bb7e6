import type { Clock } from '../../src/index.js';

/**
 * Waits for `promise`, or fails after `ms` with a message naming what it waited for. A guard
 * against hanging, not a measure of speed: give it a bound far beyond the expected time.
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}.`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `condition` (which may ask a server) until it holds, or fails after `ms` naming what it waited for. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A clock whose sleep never ends on its own, only when its signal aborts: a worker sleeping on
 * it wakes only because something woke it (stop(), a receiver's notification), which is what a
 * test of waking up wants to prove. `sleeps` counts the sleeps begun, `wakes` those ended, as
 * soon as they end.
 */
export class StalledClock implements Clock {
  sleeps = 0;
  wakes = 0;

  now(): number {
    return Date.now();
  }

  sleep(_ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps++;
    if (signal === undefined) throw new Error('StalledClock.sleep() needs a signal, or it would never end.');
    return new Promise((resolve) => {
      const wake = (): void => {
        this.wakes++;
        resolve();
      };
      if (signal.aborted) wake();
      else signal.addEventListener('abort', wake, { once: true });
    });
  }
}
