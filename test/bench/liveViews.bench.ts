/**
 * What keeping the extension's views live costs (issue 16): CPU time per minute of the VS Code
 * extension host and of the `messenger` CLI processes it runs, with 10,000 messages queued in the
 * fixture's SQLite transport, first with the Messenger views visible (one `messenger stats
 * --watch` follows the queues), then hidden (nothing should run). Measured in a real extension host
 * (code-server), reading /proc (client/test/vscode-suite/liveCost.ts).
 */
import { execFileSync } from 'node:child_process';
import { runVsCodeSuite } from '../../client/test/harness/runVsCodeSuite.ts';
import { LIVE_COST_MARKER, type LiveCost } from '../../client/test/vscode-suite/suiteProtocol.ts';

execFileSync(process.execPath, ['client/scripts/build.mjs', '--minify'], { stdio: ['ignore', 'ignore', 'inherit'] });
const report = await runVsCodeSuite({ kind: 'live-cost', timeoutMs: 600_000, log: () => {} });
const line = report.output.split('\n').find((l) => l.startsWith(LIVE_COST_MARKER));
if (report.exitCode !== 0 || line === undefined)
  throw new Error(`the live-cost scenario failed (exit ${report.exitCode}):\n${report.output.slice(-4000)}`);
const cost = JSON.parse(line.slice(LIVE_COST_MARKER.length)) as LiveCost;
const perMinute = (ms: number): string => `${((ms * 60) / cost.seconds / 1000).toFixed(2)} s`;

console.log(
  `\n## Keeping the views live: ${cost.queued.toLocaleString('en-US')} messages queued (SQLite), CPU per minute`,
);
console.log(`  measured over ${cost.seconds} s in each state (code-server extension host, minified bundle)`);
console.log(
  `  ${''.padEnd(20)} ${'extension host'.padStart(15)} ${'messenger CLI'.padStart(15)} ${'CLI processes'.padStart(14)}`,
);
for (const [label, phase] of [
  ['views visible', cost.visible],
  ['views hidden', cost.hidden],
] as const)
  console.log(
    `  ${label.padEnd(20)} ${perMinute(phase.extensionHostMs).padStart(15)} ${perMinute(phase.cliMs).padStart(15)} ${String(phase.cliProcesses).padStart(14)}`,
  );
console.log('  (CPU seconds used per minute of wall time: 60 s would be one core kept busy)');
