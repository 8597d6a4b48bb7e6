/**
 * A test's TypeScript script run in a child process the way the test runner runs the tests (the
 * packages' sources, through tsx): one place for the flags, and a bounded wait on its output.
 */
import { type ChildProcess, type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { within } from './deadline.js';

const TS_FLAGS = ['--conditions=source', '--import', 'tsx'];

/** Starts `script` (a file URL or path) with `args`. */
export function spawnTs(script: URL | string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [...TS_FLAGS, pathOf(script), ...args], options);
}

/** Runs `script` to its end (at most `timeout` ms, 30 s by default); its status and output as text. */
export function runTs(
  script: URL | string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeout?: number } = {},
): { status: number | null; stdout: string; stderr: string; error?: Error } {
  return spawnSync(process.execPath, [...TS_FLAGS, pathOf(script), ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    ...options,
  });
}

/** The first chunk `child` writes on stdout, trimmed; fails after `ms` naming what it waited for. */
export async function firstOutput(child: ChildProcess, what: string, ms = 20_000): Promise<string> {
  const [chunk] = (await within(once(child.stdout!, 'data'), ms, what)) as [Buffer];
  return chunk.toString().trim();
}

function pathOf(script: URL | string): string {
  return typeof script === 'string' ? script : script.pathname;
}
