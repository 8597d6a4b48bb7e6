/**
 * `messenger consume` as a real process on the worker fixture app (test/fixtures/worker-app),
 * whose jobs log `start|done <pid> <id>` lines to var/jobs.log.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { within } from './deadline.js';

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');
const APP = join(import.meta.dirname, '../fixtures/worker-app/src/messenger.ts');
const TSX = import.meta.resolve('tsx');

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Starts `messenger consume async …` (`--sleep 0.1` unless given) in the project directory, the transport's DSN in MESSENGER_DSN. */
export function startWorker(projectDir: string, dsn: string, ...args: string[]): WorkerProcess {
  const sleep = args.includes('--sleep') ? [] : ['--sleep', '0.1'];
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', TSX, MAIN, '--app', APP, 'consume', 'async', ...sleep, ...args],
    {
      cwd: projectDir,
      env: { ...process.env, NO_COLOR: '1', MESSENGER_DSN: dsn },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

/** Waits for a worker's exit, or fails naming it and showing what it printed. */
export async function exitOf(
  worker: WorkerProcess,
  what: string,
  ms = 30_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  try {
    return await within(worker.exited, ms, `${what} to exit (pid ${worker.child.pid})`);
  } catch (error) {
    throw new Error(`${(error as Error).message} Its output:\n${worker.output()}`);
  }
}

export interface JournalEntry {
  readonly event: 'start' | 'done';
  readonly pid: number;
  readonly id: string;
}

/** The job log, in the order written. */
export function journal(projectDir: string): JournalEntry[] {
  const file = join(projectDir, 'var', 'jobs.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [event, pid, id] = line.split(' ');
      return { event: event as 'start' | 'done', pid: Number(pid), id: id! };
    });
}
