/** Tiny benchmarking helpers: candidates timed side by side, and the report. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

export interface Measurement {
  readonly label: string;
  readonly opsPerSecond: number;
  /** Bytes allocated per op, the timing loop's own included (measured when asked, with `--expose-gc`). */
  readonly bytesPerOp?: number;
  /** Measured in several processes (acrossProcesses): its figure in each, in order. */
  readonly perProcess?: readonly number[];
}

type Loop = (op: (i: number) => unknown, iterations: number) => Promise<void>;

interface Candidate {
  readonly label: string;
  readonly op: (i: number) => Promise<unknown> | unknown;
}

interface SideBySideOptions {
  readonly iterations?: number;
  readonly rounds?: number;
  readonly allocation?: boolean;
}

const AsyncFunction = (async () => {}).constructor as new (...parameters: string[]) => Loop;

/**
 * Times candidates side by side: rounds alternate between them (the start rotating), and each
 * candidate's figure is the median of its rounds, so a slower minute of the machine weighs on all
 * of them alike. Each candidate runs in a loop compiled for it alone: one shared loop would see
 * every candidate's promise shapes and run the later ones through code tuned for the earlier.
 */
export async function measureSideBySide(
  candidates: readonly Candidate[],
  options: SideBySideOptions = {},
): Promise<Measurement[]> {
  // Where a candidate stands in the list moves its figure by up to a tenth for the whole process
  // (its loop compiled first, first warmed up, first in more rounds): each process of
  // acrossProcesses rotates the list by one, so that over them every candidate stands everywhere.
  const shift = Number(process.env[CHILD] ?? 0) % candidates.length;
  const rotated = candidates.map((_, k) => candidates[(shift + k) % candidates.length]!);
  const measured = await measureInOrder(rotated, options);
  return candidates.map((_, index) => measured[(index - shift + candidates.length) % candidates.length]!);
}

async function measureInOrder(candidates: readonly Candidate[], options: SideBySideOptions): Promise<Measurement[]> {
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
  const allocated: Array<number | undefined> = [];
  if (options.allocation === true)
    for (const [index, candidate] of candidates.entries())
      allocated[index] = await bytesPerOp(loops[index]!, candidate.op);
  return candidates.map((candidate, index) => ({
    label: candidate.label,
    opsPerSecond: median(seen[index]!),
    ...(allocated[index] === undefined ? {} : { bytesPerOp: allocated[index] }),
  }));
}

/**
 * What an op allocates: how much the young generation grows over a run begun right after a full
 * collection, median of the runs no collection interrupted (one would hide what it freed). Runs
 * shrink until they fit between collections. Undefined without `--expose-gc`.
 */
async function bytesPerOp(loop: Loop, op: (i: number) => unknown): Promise<number | undefined> {
  const gc = globalThis.gc;
  if (gc === undefined) return undefined;
  let collections = 0;
  const observer = new PerformanceObserver((list) => {
    collections += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  const seen: number[] = [];
  let iterations = 2_000;
  for (let run = 0; run < 40 && seen.length < 9; run++) {
    gc();
    await observerDelivered();
    const before = collections;
    const start = youngGenerationUsed();
    await loop(op, iterations);
    const grown = youngGenerationUsed() - start;
    await observerDelivered();
    if (collections === before) seen.push(grown / iterations);
    else iterations = Math.max(50, iterations >> 1);
  }
  observer.disconnect();
  return seen.length === 0 ? undefined : median(seen);
}

/** PerformanceObserver reports collections from a later turn of the event loop. */
function observerDelivered(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1));
}

function youngGenerationUsed(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_used_size ?? 0;
}

const CHILD = 'MESSENGER_BENCH_CHILD';

/**
 * Runs `measure` in `processes` fresh processes of the calling script and gives each candidate's
 * median over them, with its figure in each process (for paired ratios). One process's JIT
 * decisions (what gets inlined, what is optimised first) move its figures by up to ±25% from the
 * next one's, alternating rounds or not. In a child, runs `measure` once, prints its figures for
 * the parent and exits.
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
      env: { ...process.env, [CHILD]: String(run) },
      encoding: 'utf8',
      timeout: 300_000,
    });
    runs.push(JSON.parse(output.trim().split('\n').at(-1)!) as Measurement[]);
  }
  return runs[0]!.map((first, index) => {
    const allocated = runs.flatMap((run) => run[index]!.bytesPerOp ?? []);
    const perProcess = runs.map((run) => run[index]!.opsPerSecond);
    return {
      label: first.label,
      opsPerSecond: median(perProcess),
      perProcess,
      ...(allocated.length === 0 ? {} : { bytesPerOp: median(allocated) }),
    };
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface Ratio {
  readonly label: string;
  readonly value: number;
  /** The lowest and highest of the per-process ratios the value is the median of. */
  readonly range?: readonly [number, number];
}

/**
 * a / b. Measured in the same processes, it is the median of the ratios within each process: a
 * whole process runs faster or slower than the next (by up to a third on a shared machine), and
 * pairing the two figures of one process cancels that out, where a ratio of medians keeps it.
 */
export function ratio(label: string, a: Measurement, b: Measurement): Ratio {
  const pa = a.perProcess;
  const pb = b.perProcess;
  if (pa === undefined || pb === undefined || pa.length !== pb.length)
    return { label, value: a.opsPerSecond / b.opsPerSecond };
  const paired = pa.map((value, i) => value / pb[i]!);
  return { label, value: median(paired), range: [Math.min(...paired), Math.max(...paired)] };
}

export function report(
  title: string,
  measurements: readonly Measurement[],
  ratios: readonly Ratio[],
  goal?: string,
): void {
  console.log(`\n## ${title}`);
  for (const m of measurements) {
    const allocated =
      m.bytesPerOp === undefined ? '' : `${Math.round(m.bytesPerOp).toLocaleString('en-US').padStart(8)} B/op`;
    console.log(
      `  ${m.label.padEnd(58)} ${Math.round(m.opsPerSecond).toLocaleString('en-US').padStart(12)} ops/s${allocated}`,
    );
  }
  for (const r of ratios) {
    const range = r.range === undefined ? '' : `   (${r.range[0].toFixed(2)}–${r.range[1].toFixed(2)} per process)`;
    console.log(`  ${r.label.padEnd(58)} ${r.value.toFixed(2).padStart(12)}${range}`);
  }
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
