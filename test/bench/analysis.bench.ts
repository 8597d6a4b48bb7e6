/**
 * The static analysis at scale: generated projects of 250, 1,000 and 2,500 messages and
 * handlers. For each, in the same run:
 *   - `tsc --noEmit` (TypeScript 7, the repository's compiler): wall time and peak memory;
 *   - TypeScript 6 (ts-morph's createProgram + pre-emit diagnostics), for context;
 *   - the analysis, cold, in a fresh process: module load + analysis, and peak memory;
 *   - `messenger check` as a user runs it (the whole CLI);
 *   - edit-to-diagnostics latency through the real language server over stdio: 50 edits of one
 *     message file, each adding or removing a property the serializer refuses, timed from
 *     didChange to the publishDiagnostics that reflects it (p50, p95).
 * Cold figures are the best of BENCH_ROUNDS runs, default 3 (noise on a shared machine only adds time).
 * Goals: cold analysis no slower than `tsc --noEmit`; p95 edit latency under 100 ms at 1,000.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LspTestClient } from '../../server/test/support/lspClient.js';
import { generateProject } from './support/generateProject.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TMP = join(ROOT, 'test', '.tmp');
const SIZES = (process.env['BENCH_SIZES'] ?? '250,1000,2500').split(',').map(Number);
const EDITS = 50;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

async function best<T extends { ms: number }>(run: () => Promise<T> | T): Promise<T> {
  let winner: T | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    const result = await run();
    if (winner === undefined || result.ms < winner.ms) winner = result;
  }
  return winner!;
}

interface Run {
  readonly ms: number;
  readonly maxRssKb: number | undefined;
}

/** The process and its descendants (the tsc command is a launcher that runs the native compiler). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    // Gone already.
  }
  return [pid, ...children.flatMap(processTree)];
}

/** Wall time of a command, and the peak memory of its process tree (VmHWM of each, summed), sampled from /proc. */
function timeCommand(command: string, args: readonly string[], cwd: string): Promise<Run & { stdout: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const peaks = new Map<number, number>();
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const sample = (): void => {
      for (const pid of processTree(child.pid!)) {
        try {
          const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
          if (match) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(match[1])));
        } catch {
          // Exited between samples.
        }
      }
    };
    const timer = setInterval(sample, 5);
    child.on('exit', () => {
      clearInterval(timer);
      const peak = [...peaks.values()].reduce((a, b) => a + b, 0);
      resolve({ ms: performance.now() - started, maxRssKb: peak > 0 ? peak : undefined, stdout });
    });
  });
}

function child(
  mode: 'analyze' | 'ts6',
  dir: string,
): { totalMs: number; loadMs?: number; analyzeMs?: number; maxRssKb: number; diagnostics: number } {
  const result = spawnSync(process.execPath, [join(import.meta.dirname, 'support', 'analysisChild.mjs'), mode, dir], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  if (result.status !== 0) throw new Error(`${mode} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as ReturnType<typeof child>;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function editLatency(dir: string, target: string): Promise<number[]> {
  const client = await LspTestClient.start(dir);
  try {
    await client.model();
    const original = readFileSync(target, 'utf8');
    await client.open(target, original);
    await client.model();
    const uri = client.uri(target);
    const broken = original.replace(
      'readonly quantity: number,',
      'readonly quantity: number,\n    readonly callback: () => void,',
    );
    const latencies: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const text = i % 2 === 0 ? broken : original;
      const expectProblem = i % 2 === 0;
      const started = performance.now();
      await client.change(target, [{ text }]);
      await client.waitFor(
        () => (client.diagnostics.get(uri) ?? []).some((d) => d.code === 'non-serializable-payload') === expectProblem,
        10_000,
        `edit ${i}`,
      );
      latencies.push(performance.now() - started);
    }
    return latencies;
  } finally {
    await client.stop();
  }
}

const ms = (n: number): string => `${Math.round(n).toLocaleString('en-US')} ms`;
const mb = (kb: number | undefined): string => (kb === undefined ? 'n/a' : `${Math.round(kb / 1024)} MB`);

console.log('\n## Static analysis (server/src/analysis)');
for (const size of SIZES) {
  const project = generateProject(join(TMP, `bench-analysis-${size}`), size);
  const tsc = await best(() =>
    timeCommand(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', project.dir], ROOT),
  );
  const ts6 = child('ts6', project.dir);
  const cold = await best(() => {
    const run = child('analyze', project.dir);
    return { ...run, ms: run.totalMs };
  });
  const check = await best(() =>
    timeCommand(process.execPath, [join(ROOT, 'runtime', 'bin', 'messenger.js'), 'check', project.dir], ROOT),
  );
  const latencies = await editLatency(project.dir, project.editTarget);
  console.log(
    `\n### ${size.toLocaleString('en-US')} messages and handlers (${project.files.toLocaleString('en-US')} files)`,
  );
  console.log(
    `  tsc --noEmit (TypeScript 7)                      ${ms(tsc.ms).padStart(9)}   peak ${mb(tsc.maxRssKb)}`,
  );
  console.log(
    `  TypeScript 6 createProgram + diagnostics         ${ms(ts6.totalMs).padStart(9)}   peak ${mb(ts6.maxRssKb)}`,
  );
  console.log(
    `  analysis, cold process (load ${ms(cold.loadMs!)} + analyze ${ms(cold.analyzeMs!)})`.padEnd(50) +
      `${ms(cold.totalMs).padStart(9)}   peak ${mb(cold.maxRssKb)}   ${cold.diagnostics} diagnostics`,
  );
  console.log(
    `  messenger check (whole CLI process)              ${ms(check.ms).padStart(9)}   peak ${mb(check.maxRssKb)}`,
  );
  console.log(
    `  edit → diagnostics over LSP, ${EDITS} edits          p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}`,
  );
  console.log(
    `  cold goal (analysis process <= tsc): ${cold.totalMs <= tsc.ms ? 'met' : 'NOT met'}; in-process analysis <= tsc: ${cold.analyzeMs! <= tsc.ms ? 'met' : 'NOT met'}${size === 1000 ? `; p95 < 100 ms: ${percentile(latencies, 95) < 100 ? 'met' : 'NOT met'}` : ''}`,
  );
  if (process.env['BENCH_KEEP'] !== '1' && existsSync(project.dir))
    rmSync(project.dir, { recursive: true, force: true });
}
