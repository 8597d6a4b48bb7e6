/**
 * What the transport benchmarks (Redis, AMQP, MariaDB, Beanstalkd) share, so that each one sets
 * up, times and compares its sides the same way: a scratch directory, a project on the transport,
 * a timer, and rounds in which the sides alternate.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Measurement } from './measure.js';

/** A directory for this benchmark's projects (`bench-<name>-<pid>` in the temporary directory), removed at exit. */
export function scratchDir(name: string): string {
  const dir = join(tmpdir(), `bench-${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Makes `projectDir` a project whose messenger.yaml declares these transports (name: DSN) and routes Ping to `async`. */
export function pingProject(projectDir: string, transports: Readonly<Record<string, string>>): string {
  mkdirSync(join(projectDir, 'config', 'packages'), { recursive: true });
  const declared = Object.entries(transports)
    .map(([name, dsn]) => `      ${name}: '${dsn}'\n`)
    .join('');
  writeFileSync(
    join(projectDir, 'config', 'packages', 'messenger.yaml'),
    `framework:\n  messenger:\n    transports:\n${declared}    routing:\n      Ping: async\n`,
  );
  return projectDir;
}

/** Seconds `work` takes, on the monotonic clock. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** `count` operations done in `seconds`, as a measurement to report. */
export function rate(label: string, count: number, seconds: number): Measurement {
  return { label, opsPerSecond: count / seconds };
}

/**
 * Runs every side once per round, the sides alternating within each round (so that a busy moment
 * of the machine favours none of them); each side's fewest seconds over `rounds` rounds.
 */
export async function bestOfRounds<K extends string>(
  rounds: number,
  sides: Readonly<Record<K, (round: number) => Promise<number>>>,
): Promise<Record<K, number>> {
  const best = {} as Record<K, number>;
  for (let round = 0; round < rounds; round++)
    for (const [name, run] of Object.entries(sides) as Array<[K, (round: number) => Promise<number>]>)
      best[name] = Math.min(best[name] ?? Infinity, await run(round));
  return best;
}

/** bestOfRounds for sides that time several phases in one run (e.g. dispatch, then consume): the fewest seconds of each phase. */
export async function bestPhasesOfRounds<K extends string, P extends string>(
  rounds: number,
  sides: Readonly<Record<K, (round: number) => Promise<Record<P, number>>>>,
): Promise<Record<K, Record<P, number>>> {
  const best = {} as Record<K, Record<P, number>>;
  for (let round = 0; round < rounds; round++)
    for (const [name, run] of Object.entries(sides) as Array<[K, (round: number) => Promise<Record<P, number>>]>) {
      const phases = await run(round);
      const kept = (best[name] ??= { ...phases });
      for (const phase of Object.keys(phases) as P[]) kept[phase] = Math.min(kept[phase], phases[phase]);
    }
  return best;
}
