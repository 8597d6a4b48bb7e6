/** Tiny benchmarking helpers: candidates timed side by side, and the report. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Measurement {
  readonly label: string;
  readonly opsPerSecond: number;
}

type Loop = (op: (i: number) => unknown, iterations: number) => Promise<void>;
const AsyncFunction = (async () => {}).constructor as new (...parameters: string[]) => Loop;

/**
 * Times candidates side by side: rounds alternate between them (the start rotating), and each
 * candidate's figure is the median of its rounds, so a slower minute of the machine weighs on all
 * of them alike. Each candidate runs in a loop compiled for it alone: one shared loop would see
 * every candidate's promise shapes and run the later ones through code tuned for the earlier.
 */
export async function measureSideBySide(
  candidates: ReadonlyArray<{ label: string; op: (i: number) => Promise<unknown> | unknown }>,
  options: { iterations?: number; rounds?: number } = {},
): Promise<Measurement[]> {
  const iterations = options.iterations ?? 200_000;
  const rounds = options.rounds ?? 7;
  const loops = candidates.map(() => new AsyncFunction('op', 'n', 'for (let i = 0; i < n; i++) await op(i);'));
  for (const [index, candidate] of candidates.entries())
    await loops[index]!(candidate.op, Math.min(20_000, iterations));
  const seen: number[][] = candidates.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < candidates.length; k++) {
      const index = (round + k) % candidates.length;
      const start = process.hrtime.bigint();
      await loops[index]!(candidates[index]!.op, iterations);
      seen[index]!.push(iterations / (Number(process.hrtime.bigint() - start) / 1e9));
    }
  }
  return candidates.map((candidate, index) => ({ label: candidate.label, opsPerSecond: median(seen[index]!) }));
}

const CHILD = 'MESSENGER_BENCH_CHILD';

/**
 * Runs `measure` in `processes` fresh processes of the calling script and gives each candidate's
 * median over them. One process's JIT decisions (what gets inlined, what is optimised first) move
 * its figures by up to ±25% from the next one's, alternating rounds or not. In a child, runs
 * `measure` once, prints its figures for the parent and exits.
 */
export async function acrossProcesses(
  script: string,
  processes: number,
  measure: () => Promise<Measurement[]>,
): Promise<Measurement[]> {
  if (process.env[CHILD] !== undefined) {
    console.log(JSON.stringify(await measure()));
    process.exit(0);
  }
  const runs: Measurement[][] = [];
  for (let run = 0; run < processes; run++) {
    const output = execFileSync(process.execPath, [...process.execArgv, script], {
      env: { ...process.env, [CHILD]: '1' },
      encoding: 'utf8',
      timeout: 300_000,
    });
    runs.push(JSON.parse(output.trim().split('\n').at(-1)!) as Measurement[]);
  }
  return runs[0]!.map((first, index) => ({
    label: first.label,
    opsPerSecond: median(runs.map((run) => run[index]!.opsPerSecond)),
  }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function ratio(label: string, a: Measurement, b: Measurement): { label: string; value: number } {
  return { label, value: a.opsPerSecond / b.opsPerSecond };
}

export function report(
  title: string,
  measurements: readonly Measurement[],
  ratios: ReadonlyArray<{ label: string; value: number }>,
  goal?: string,
): void {
  console.log(`\n## ${title}`);
  for (const m of measurements)
    console.log(`  ${m.label.padEnd(58)} ${Math.round(m.opsPerSecond).toLocaleString('en-US').padStart(12)} ops/s`);
  for (const r of ratios) console.log(`  ${r.label.padEnd(58)} ${r.value.toFixed(2).padStart(12)}`);
  if (goal) console.log(`  (${goal})`);
}

/** The installed version of a package (a peer in a comparison), read from its package.json. */
export function versionOf(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(name)) {
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}
