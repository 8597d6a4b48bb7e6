/**
 * `npm run bench` (test/bench/liveViews.bench.ts): what keeping the views live costs, with
 * 10,000 messages queued in the fixture's SQLite transport. For a while with the Messenger views
 * visible, then as long with them hidden, it reads from /proc the CPU time used by the extension
 * host (this process) and by the `messenger` CLI processes it started (the live watch, and any
 * failed:show it ran), and prints it on one marked line.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { LIVE_COST_MARKER, type LiveCost } from './suiteProtocol';
import { eventually, serverStarted, snapshot, tree, workspaceDir } from './support';

const QUEUED = 10_000;
const SECONDS = Number(process.env['MESSENGER_LIVE_COST_SECONDS'] ?? 60);
const TICKS = 100; // clock ticks per second (Linux' USER_HZ)

/** utime + stime of a process, in ms; undefined once it is gone. */
function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return undefined;
  }
}

/** The messenger CLI processes below the extension host (the language server is not one). */
function cliProcesses(): number[] {
  const parents = new Map<number, number>();
  const commands = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      commands.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // gone meanwhile
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...commands]
    .filter(
      ([pid, command]) => below(pid) && /messenger(\.js)?\s|cli\/main/.test(command) && !command.includes('server.js'),
    )
    .map(([pid]) => pid);
}

/** Samples every second for `seconds`: the CPU each process used in the window (a process seen ending keeps its last reading). */
async function measure(seconds: number): Promise<LiveCost['visible']> {
  const hostStart = cpuMs(process.pid) ?? 0;
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  for (let i = 0; i <= seconds; i++) {
    for (const pid of cliProcesses()) {
      const used = cpuMs(pid);
      if (used === undefined) continue;
      if (!first.has(pid)) first.set(pid, i === 0 ? used : 0);
      last.set(pid, used);
    }
    if (i < seconds) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const cliMs = [...last].reduce((sum, [pid, used]) => sum + used - (first.get(pid) ?? 0), 0);
  return { extensionHostMs: (cpuMs(process.pid) ?? 0) - hostStart, cliMs, cliProcesses: last.size };
}

function dispatch(count: number): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(
      'node',
      ['--import', 'tsx', 'scripts/dispatch.ts', String(count)],
      { cwd: workspaceDir(), timeout: 300_000 },
      (error) => (error ? reject(error) : resolve()),
    ),
  );
}

export function liveCost(): void {
  suite('What keeping the views live costs', () => {
    test(`${QUEUED.toLocaleString('en-US')} queued, ${SECONDS} s visible then ${SECONDS} s hidden`, async function () {
      this.timeout((SECONDS * 2 + 240) * 1000);
      await serverStarted();
      await dispatch(QUEUED);
      await vscode.commands.executeCommand('workbench.view.extension.messenger');
      await eventually(
        `${QUEUED} queued in the map`,
        async () => (JSON.stringify(await tree('messenger.map')).includes('10,000 queued') ? true : undefined),
        120_000,
      );
      const visible = await measure(SECONDS);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await eventually(
        'the live watch to stop',
        async () => ((await snapshot()).liveWatch.running ? undefined : true),
        30_000,
      );
      const hidden = await measure(SECONDS);
      const cost: LiveCost = { queued: QUEUED, seconds: SECONDS, visible, hidden };
      console.log(`${LIVE_COST_MARKER} ${JSON.stringify(cost)}`);
    });
  });
}
