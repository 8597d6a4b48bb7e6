/**
 * Workers in a real VS Code: `messenger consume` started from the editor on the fixture's
 * SQLite transport handles a dispatched message, shows live in the Workers view and the status
 * bar, stops gracefully when asked; a worker that cannot start is shown as crashed, with why.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { dispatchSms, eventually, rowAt, serverStarted, smsGateway, snapshot, tree } from './support';

export function workersTests(): void {
  suite('Workers', () => {
    suiteSetup(serverStarted);

    test('the view has a row per transport a worker can consume (not sync://)', async () => {
      const roots = await eventually('the transports in the Workers view', async () => {
        const rows = await tree('messenger.workers');
        return rows.length > 0 ? rows : undefined;
      });
      assert.deepEqual(
        roots.map((r) => `${r.label}: ${r.description}`),
        ['async: not running', 'failed: not running'],
      );
    });

    test('a worker started on the SQLite transport handles a message, then stops gracefully', async () => {
      smsGateway(true);
      await dispatchSms(1);
      const id = await vscode.commands.executeCommand<number>('messenger.startWorker', {
        transports: ['async'],
        sleep: 0.2,
      });
      assert.equal(typeof id, 'number');
      const handled = await eventually(
        'the worker to handle the message',
        async () => {
          const worker = (await snapshot()).workers.find((w) => w.id === id);
          return worker !== undefined && worker.handled >= 1 ? worker : undefined;
        },
        30_000,
        async () => (await snapshot()).workers,
      );
      assert.ok(['running', 'idle'].includes(handled.status), handled.status);

      const row = await eventually('the worker row to show it', async () => {
        const worker = rowAt(await tree('messenger.workers'), ['async', `#${id} async`]);
        return /1 handled/.test(worker?.description ?? '') ? worker : undefined;
      });
      assert.equal(row.contextValue, 'worker.live');
      assert.match(row.description ?? '', /^(idle|running) · 1 handled · \d+ MB · \d+s$/);
      assert.match((await snapshot()).statusBar.text, /\$\(play\) 1/);

      await vscode.commands.executeCommand('messenger.stopWorker', id);
      const stopped = await eventually(
        'the worker to stop',
        async () => (await snapshot()).workers.find((w) => w.id === id && w.status === 'stopped'),
        30_000,
      );
      assert.equal(stopped.exitReason, 'stopped by you');
      const ended = rowAt(await tree('messenger.workers'), ['async', `#${id} async`]);
      assert.match(ended?.description ?? '', /^stopped by you · 1 handled/);
      assert.doesNotMatch((await snapshot()).statusBar.text, /\$\(play\)/);
    });

    test("with messenger.logLevel debug, the worker's output channel shows its debug lines", async () => {
      const settings = vscode.workspace.getConfiguration('messenger');
      await settings.update('logLevel', 'debug', vscode.ConfigurationTarget.Global);
      try {
        smsGateway(true);
        await dispatchSms(1);
        const id = await vscode.commands.executeCommand<number>('messenger.startWorker', {
          transports: ['async'],
          sleep: 0.2,
        });
        await eventually(
          'the worker to handle the message',
          async () => (((await snapshot()).workers.find((w) => w.id === id)?.handled ?? 0) >= 1 ? true : undefined),
          30_000,
        );
        await vscode.commands.executeCommand('messenger.showWorkerOutput', id);
        // The channel, once shown, is a document the extension host can read.
        const text = await eventually(
          "the channel's debug lines",
          () => {
            const channel = vscode.workspace.textDocuments.find(
              (d) =>
                d.uri.scheme === 'output' && decodeURIComponent(d.uri.path).includes(`Messenger Worker #${id}: async`),
            );
            return channel !== undefined && /\[debug\] Received message SmsNotification/.test(channel.getText())
              ? channel.getText()
              : undefined;
          },
          20_000,
          () =>
            vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'output').map((d) => d.getText().slice(-500)),
        );
        assert.match(text, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[info\] Consuming messages from transport "async"/);
        await vscode.commands.executeCommand('messenger.stopWorker', id);
        await eventually(
          'the worker to stop',
          async () => (await snapshot()).workers.find((w) => w.id === id && w.status === 'stopped'),
          30_000,
        );
      } finally {
        await settings.update('logLevel', undefined, vscode.ConfigurationTarget.Global);
        await vscode.commands.executeCommand('workbench.action.closePanel');
      }
    });

    test('a worker that cannot start is shown as crashed, with its exit reason', async () => {
      const id = await vscode.commands.executeCommand<number>('messenger.startWorker', { transports: ['nope'] });
      const crashed = await eventually(
        'the worker to crash',
        async () => (await snapshot()).workers.find((w) => w.id === id && w.status === 'crashed'),
        30_000,
      );
      assert.match(crashed.exitReason ?? '', /^exit code 1: .*nope/);
      const row = rowAt(await tree('messenger.workers'), ['nope', `#${id} nope`]);
      assert.equal(row?.icon, 'error');
      assert.match(row?.description ?? '', /^crashed: exit code 1/);
      await vscode.commands.executeCommand('messenger.clearEndedWorkers');
      await eventually('ended workers cleared', async () =>
        (await snapshot()).workers.length === 0 ? true : undefined,
      );
    });
  });
}
