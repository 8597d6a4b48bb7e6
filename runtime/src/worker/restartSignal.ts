import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `messenger stop-workers` works across processes through one file per project, the Node
 * counterpart of the cache item Symfony uses: it holds the time (ms since the epoch) of the
 * last stop request, and a worker started before that time stops after its current message.
 */
export function restartSignalFile(projectDir: string): string {
  return join(projectDir, 'var', 'messenger', 'restart_requested_timestamp');
}

/** Records a stop request now; returns the time written. */
export function requestWorkerRestart(file: string, now: number = Date.now()): number {
  mkdirSync(dirname(file), { recursive: true });
  // Written aside then renamed, so a worker never reads half a number.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, String(now));
  renameSync(partial, file);
  return now;
}

/** The time of the last stop request, or undefined if there never was one. */
export function readRestartRequestedAt(file: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
}
