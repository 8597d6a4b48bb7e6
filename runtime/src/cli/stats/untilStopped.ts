import { fstatSync } from 'node:fs';

/** How often a long-running command checks that the process that started it is still there. */
const PARENT_CHECK_MS = 2000;

/**
 * Runs `work` until it is stopped: CONTROL-C or SIGTERM, the end of standard input when it is
 * a pipe (the editor that started the command went away, even through a wrapper like `npx`), or
 * the parent process gone (the command was reparented). `work` must end once its signal aborts.
 */
export async function untilStopped(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid !== parent) stop();
  }, PARENT_CHECK_MS);
  orphaned.unref();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const piped = stdinIsPipe();
  if (piped) {
    process.stdin.on('end', stop).on('close', stop).on('error', stop);
    process.stdin.resume();
  }
  try {
    await work(controller.signal);
  } finally {
    clearInterval(orphaned);
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    if (piped) process.stdin.off('end', stop).off('close', stop).off('error', stop).pause();
  }
}

/** A pipe, or the socket pair Node gives a child for `stdio: 'pipe'`; never a terminal or a file. */
function stdinIsPipe(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}
