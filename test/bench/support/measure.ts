/** Tiny benchmarking helpers: warm up, then time N iterations, best of a few rounds. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Measurement {
  readonly label: string;
  readonly opsPerSecond: number;
}

export async function measure(
  label: string,
  op: (i: number) => Promise<unknown> | unknown,
  options: { iterations?: number; rounds?: number } = {},
): Promise<Measurement> {
  const iterations = options.iterations ?? 200_000;
  const rounds = options.rounds ?? 5;
  for (let i = 0; i < Math.min(20_000, iterations); i++) await op(i);
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await op(i);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, iterations / seconds);
  }
  return { label, opsPerSecond: best };
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
