/**
 * The VS Code extension's own activation time, measured where it happens: in a real
 * extension host (code-server, as in the tests), with the minified bundle users get. The
 * extension records the two parts VS Code itself reports, "code loading" (evaluating the
 * bundle) and "activation call" (activate()); the host's own work between them (creating the
 * ExtensionContext and its storage) is shown but not counted. Goal: under 100 ms.
 * Each run is a fresh code-server window, since an extension activates once per window.
 *
 * Then the Failed Messages view with 10,000 failed messages in the fixture app's SQLite
 * failure transport: each page through the real `messenger failed:show --format json` and the
 * tree builder, as "Load more…" grows `--max`, and the ids a bulk action collects.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliRunner } from '../../client/src/cli/CliRunner.ts';
import { buildFailedTree } from '../../client/src/failed/buildFailedTree.ts';
import { FailedActions } from '../../client/src/failed/FailedActions.ts';
import { FailedStore } from '../../client/src/failed/FailedStore.ts';
import { FIXTURE_WORKSPACE, REPO_DIR, runVsCodeSuite } from '../../client/test/harness/runVsCodeSuite.ts';
import { ACTIVATION_MARKER } from '../../client/test/vscode-suite/suiteProtocol.ts';

interface Timing {
  loadMs?: number;
  hostMs?: number;
  activateMs: number;
  totalMs: number;
}

const RUNS = 3;
const GOAL_MS = 100;

execFileSync(process.execPath, ['client/scripts/build.mjs', '--minify'], { stdio: ['ignore', 'ignore', 'inherit'] });
const timings: Timing[] = [];
for (let run = 0; run < RUNS; run++) {
  const report = await runVsCodeSuite({ grep: 'Activation activates', log: () => {} });
  const line = report.output.split('\n').find((l) => l.startsWith(ACTIVATION_MARKER));
  if (report.exitCode !== 0 || line === undefined)
    throw new Error(`the activation test failed (exit ${report.exitCode}):\n${report.output.slice(-3000)}`);
  timings.push(JSON.parse(line.slice(ACTIVATION_MARKER.length)) as Timing);
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const total = median(timings.map((t) => t.totalMs));
console.log('\n## Extension activation (code-server extension host, minified bundle)');
timings.forEach((t, i) =>
  console.log(
    `  run ${i + 1}: ${t.totalMs.toFixed(1).padStart(6)} ms  (loading the bundle ${t.loadMs?.toFixed(1) ?? '?'} ms + activate() ${t.activateMs.toFixed(1)} ms; the extension host's own ${t.hostMs?.toFixed(0) ?? '?'} ms in between not counted)`,
  ),
);
console.log(`  ${'median activation'.padEnd(58)} ${total.toFixed(1).padStart(9)} ms`);
console.log(`  (goal: under ${GOAL_MS} ms — ${total < GOAL_MS ? 'met' : 'NOT met'})`);

// ---------------------------------------------------------------------------------------------
const FAILED = 10_000;
const project = mkdtempSync(join(tmpdir(), 'bench-failed-'));
process.on('exit', () => rmSync(project, { recursive: true, force: true }));
cpSync(FIXTURE_WORKSPACE, project, { recursive: true });
symlinkSync(join(REPO_DIR, 'node_modules'), join(project, 'node_modules'), 'dir');

// Failed messages as a worker leaves them: each with its retry, the move to the failure transport and its error.
const runtime = await import('@messenger-ts/runtime');
const { SmsNotification } = await import(join(project, 'src', 'Message', 'SmsNotification.ts'));
const messenger = await (await import(join(project, 'src', 'messenger.ts'))).default;
const failure = messenger.getTransport('failed');
const error = runtime.ErrorDetailsStamp.create(new Error('SMS gateway unavailable (HTTP 503)'));
const seeded = performance.now();
for (let i = 0; i < FAILED; i++) {
  await failure.send(
    runtime.Envelope.wrap(new SmsNotification(`Your order #${i} has shipped`, `+336${String(i).padStart(8, '0')}`), [
      new runtime.BusNameStamp('command.bus'),
      new runtime.RedeliveryStamp(1),
      new runtime.SentToFailureTransportStamp('async'),
      new runtime.RedeliveryStamp(0),
      error,
    ]),
  );
}
await messenger.close();
const seedMs = performance.now() - seeded;

const cli = new CliRunner({ program: join(project, 'node_modules', '.bin', 'messenger'), args: [] });
const run = (command: readonly string[]): Promise<unknown> => cli.run(command, { cwd: project, timeoutMs: 300_000 });
const rows: Array<[string, number, number, number]> = [];
/** One CLI call listing `max` messages (what the view runs once "Load more…" reached that many), then the tree of that page. */
async function page(label: string, max: number): Promise<void> {
  const store = new FailedStore({ run, trusted: () => true, pageSize: max });
  store.setTransports(['failed']);
  const cliStart = performance.now();
  await store.refresh();
  const cliMs = performance.now() - cliStart;
  const treeStart = performance.now();
  const [root] = buildFailedTree(store.transports, false, Date.now());
  rows.push([label, cliMs, performance.now() - treeStart, root?.children?.length ?? 0]);
}
await page('first page (--max 100)', 100);
await page('after one "Load more…" (200)', 200);
for (const max of [1_000, 5_000, 10_000]) await page(`${max.toLocaleString('en-US')} loaded (--max ${max})`, max);
const idsStart = performance.now();
const ids = await new FailedActions(run).ids('failed');
const idsMs = performance.now() - idsStart;

console.log(
  `\n## Failed Messages view: ${FAILED.toLocaleString('en-US')} failed messages (SQLite failure transport, real CLI)`,
);
console.log(`  (seeding them: ${Math.round(seedMs)} ms)`);
console.log(`  ${'page'.padEnd(28)} ${'CLI call'.padStart(10)} ${'tree build'.padStart(11)} ${'rows'.padStart(7)}`);
for (const [label, cliMs, treeMs, count] of rows)
  console.log(
    `  ${label.padEnd(28)} ${`${Math.round(cliMs)} ms`.padStart(10)} ${`${treeMs.toFixed(1)} ms`.padStart(11)} ${String(count).padStart(7)}`,
  );
console.log(
  `  ${'ids for Retry all / Remove all'.padEnd(28)} ${`${Math.round(idsMs)} ms`.padStart(10)} ${''.padStart(11)} ${String(ids.length).padStart(7)}`,
);
console.log('  (a "Load more…" press is one CLI call whose cost is the application start plus the rows it returns)');
