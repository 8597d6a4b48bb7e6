/**
 * Views that stay true (issue 16, defect 1): while the Messenger views are visible, what another
 * process does shows within seconds — a dispatch from a script raises the map's queued count, a
 * `messenger consume` run outside VS Code empties it and fills the Failed Messages view — through
 * the one `messenger stats --watch` the visible views keep running; hidden, it stops. And one
 * badge (defect 4): only the failed view's.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { dispatchSms, eventually, rowAt, serverStarted, smsGateway, snapshot, tree, workspaceDir } from './support';

/** A worker started the way an operator starts one in a terminal: not through the extension. */
function outsideConsume(...args: string[]): Promise<void> {
  const bin = join(workspaceDir(), 'node_modules', '@messenger-ts', 'runtime', 'bin', 'messenger.js');
  return new Promise((resolve, reject) =>
    execFile(
      'node',
      [bin, 'consume', 'async', '--sleep', '0.1', ...args],
      { cwd: workspaceDir(), timeout: 60_000 },
      (error, _out, stderr) =>
        error ? reject(new Error(`messenger consume failed: ${error.message}\n${stderr}`)) : resolve(),
    ),
  );
}

const queued = async (name: string): Promise<number | undefined> => {
  const match = /^([\d,]+) queued/.exec(rowAt(await tree('messenger.map'), ['Transports', name])?.description ?? '');
  return match === null ? undefined : Number(match[1]!.replace(/,/g, ''));
};

export function liveTests(): void {
  suite('Live views', () => {
    suiteSetup(serverStarted);

    test('while a view shows, one `messenger stats --watch` runs', async () => {
      await vscode.commands.executeCommand('workbench.view.extension.messenger');
      await eventually(
        'the live watch to run',
        async () => ((await snapshot()).liveWatch.running ? true : undefined),
        30_000,
      );
    });

    test('a dispatch from another process shows in the map within seconds', async () => {
      const before = await eventually('a queued count on async', () => queued('async'), 30_000);
      await dispatchSms(2);
      // A deadline, not a duration: the watch pushes the change as SQLite's data_version moves.
      await eventually(
        'the two messages dispatched outside VS Code in the map',
        async () => ((await queued('async')) === before + 2 ? true : undefined),
        10_000,
        () => tree('messenger.map'),
      );
    });

    test('a `messenger consume` run outside VS Code empties the queue and fills the Failed Messages view', async () => {
      smsGateway(false);
      const [failedBefore] = await tree('messenger.failed');
      const countBefore = Number(/^(\d+)/.exec(failedBefore?.description ?? '0')?.[1] ?? 0);
      const waiting = (await queued('async')) ?? 0;
      assert.ok(waiting >= 2, `messages to consume: ${waiting}`);
      // One try and one retry each (max_retries: 1), then the failure transport.
      await outsideConsume('--limit', String(waiting * 2));
      await eventually(
        'the queue emptied by the outside worker, in the map',
        async () => ((await queued('async')) === 0 ? true : undefined),
        10_000,
        () => tree('messenger.map'),
      );
      await eventually(
        'the failed messages of the outside worker, in the Failed Messages view',
        async () => {
          const [failed] = await tree('messenger.failed');
          return failed?.description === `${countBefore + waiting} failed messages` ? true : undefined;
        },
        15_000,
        () => tree('messenger.failed'),
      );
    });

    test('defect 4: one badge on the activity bar, the failed messages', async () => {
      const { badges } = await snapshot();
      assert.equal(badges['messenger.map'], undefined);
      assert.equal(badges['messenger.workers'], undefined);
      assert.ok((badges['messenger.failed'] ?? 0) > 0, JSON.stringify(badges));
    });

    test('the Throughput view draws its Chart.js charts under its CSP, per transport and per worker', async () => {
      smsGateway(true);
      await dispatchSms(2);
      const id = await vscode.commands.executeCommand<number>('messenger.startWorker', {
        transports: ['async'],
        sleep: 0.2,
      });
      await eventually(
        'the worker to handle the two messages',
        async () => (((await snapshot()).workers.find((w) => w.id === id)?.handled ?? 0) >= 2 ? true : undefined),
        30_000,
      );
      await vscode.commands.executeCommand('messenger.throughput.focus');
      const drawn = await eventually(
        'the charts drawn by the webview',
        async () => {
          const rendered = (await snapshot()).throughput?.rendered;
          return rendered !== undefined && rendered.charts >= 3 && rendered.text.includes(`#${id} async`)
            ? rendered
            : undefined;
        },
        20_000,
        async () => (await snapshot()).throughput,
      );
      assert.match(drawn.text, /Workers started here/i);
      await vscode.commands.executeCommand('messenger.stopWorker', id);
      await eventually('the worker to stop', async () =>
        (await snapshot()).workers.find((w) => w.id === id && w.status === 'stopped') ? true : undefined,
      );
    });

    test('hidden, nothing runs; shown again, the watch comes back', async () => {
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await eventually(
        'the watch to stop',
        async () => ((await snapshot()).liveWatch.running ? undefined : true),
        15_000,
      );
      await vscode.commands.executeCommand('workbench.view.extension.messenger');
      await eventually(
        'the watch to run again',
        async () => ((await snapshot()).liveWatch.running ? true : undefined),
        15_000,
      );
    });
  });
}
