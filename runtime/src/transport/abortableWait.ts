/**
 * Waits `ms`, or less: until `wake` is called (what a transport's change notification does) or
 * `signal` aborts. Never rejects. What MonitorableTransport.waitForChange() implementations share.
 */
export function abortableWait(
  signal: AbortSignal,
  ms: number,
  onWake?: (wake: () => void) => () => void,
): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    let unsubscribe: (() => void) | undefined;
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      unsubscribe?.();
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
    unsubscribe = onWake?.(done);
  });
}
