/**
 * `npm run bench`: runs every `*.bench.ts` in its own process (so one benchmark's state, e.g.
 * AsyncLocalStorage hooks, never skews another) and prints their reports. Arguments narrow
 * the run to files whose name contains them.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const dir = import.meta.dirname;
/** A benchmark that hangs is stopped and reported by name, and the others still run. */
const BENCH_TIMEOUT_MS = 20 * 60_000;
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort();

console.log(`# messenger-ts benchmarks, ${new Date().toISOString().slice(0, 10)}`);
console.log(
  `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, ${arch()}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
);
let failed = 0;
for (const file of files) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--expose-gc', join(dir, file)],
    { stdio: 'inherit', timeout: BENCH_TIMEOUT_MS, killSignal: 'SIGKILL' },
  );
  if (result.status !== 0) {
    failed++;
    const why =
      result.error !== undefined
        ? `did not finish within ${BENCH_TIMEOUT_MS / 60_000} minutes and was stopped`
        : `failed (exit ${result.status ?? result.signal})`;
    console.error(`\n${file} ${why}.`);
  }
}
process.exit(failed === 0 ? 0 : 1);
