/**
 * Restricted mode, in a real VS Code that was never told to trust the folder (code-server
 * without --disable-workspace-trust; the harness's `restricted` run): the map, diagnostics and
 * hovers work (they only read files), while workers, failed messages and queued counts, which run the
 * application, refuse and say why; a workspace's messenger.cliCommand is ignored.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { RESTRICTED_WORKSPACE_CLI_COMMAND } from './suiteProtocol';
import { hoverText } from './editor.test';
import { eventually, rowAt, serverStarted, snapshot, tree, workspaceFile } from './support';

export function restrictedTests(): void {
  suite('Restricted mode', () => {
    suiteSetup(serverStarted);

    test('the workspace is not trusted, and its messenger.cliCommand is ignored', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const state = await snapshot();
      assert.equal(state.trusted, false);
      const workspaceSettings = JSON.parse(
        readFileSync(workspaceFile('.vscode', 'settings.json').fsPath, 'utf8'),
      ) as Record<string, unknown>;
      assert.equal(workspaceSettings['messenger.cliCommand'], RESTRICTED_WORKSPACE_CLI_COMMAND, 'the harness wrote it');
      assert.equal(state.cliCommand, '', "the extension reads the user's value (none), not the workspace's");
    });

    test('the map shows the model, with a note instead of queued counts', async () => {
      const roots = await eventually(
        'the map',
        async () => {
          const nodes = await tree('messenger.map');
          return rowAt(nodes, ['Buses', 'event.bus', 'OrderPlaced']) ? nodes : undefined;
        },
        30_000,
      );
      assert.equal(rowAt(roots, ['Queued counts need a trusted workspace'])?.contextValue, 'statsNote.untrusted');
      assert.doesNotMatch(rowAt(roots, ['Transports', 'async'])?.description ?? '', /queued/);
      await vscode.commands.executeCommand('messenger.refreshMap');
      assert.equal((await snapshot()).stats, 'untrusted');
    });

    test('a hover on a message class shows its transport', async () => {
      const uri = workspaceFile('src', 'Message', 'SmsNotification.ts');
      const text = await eventually('the hover', () => hoverText(uri, new vscode.Position(0, 16)));
      assert.match(text, /- `async` `sqlite:\/\/var\/messenger\.db`/);
    });

    test('diagnostics are published', async () => {
      const uri = workspaceFile('src', 'MessageHandler', 'AuditHandler.ts');
      const diagnostic = await eventually(
        'the unregistered-handler warning',
        () =>
          vscode.languages
            .getDiagnostics(uri)
            .find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'unregistered-handler'),
        30_000,
      );
      assert.equal(diagnostic.source, 'messenger');
    });

    test('workers and failed messages refuse, saying why; nothing runs the CLI', async () => {
      assert.equal(await vscode.commands.executeCommand('messenger.startWorker', { transports: ['async'] }), undefined);
      await vscode.commands.executeCommand('messenger.failed.refresh');
      await vscode.commands.executeCommand('messenger.failed.retryAll', { data: { transport: 'failed' } });
      const state = await snapshot();
      assert.equal(state.workers.length, 0);
      assert.deepEqual(state.refusals.slice(-3), [
        'Starting a worker runs your code: trust this workspace first.',
        'Listing failed messages runs your code: trust this workspace first.',
        'Retrying failed messages runs your code: trust this workspace first.',
      ]);
      assert.deepEqual(await tree('messenger.workers'), [], 'the welcome view explains that workers need trust');
      assert.deepEqual(await tree('messenger.failed'), []);
    });

    test('the one CLI factory refuses whoever asks, before reading cliCommand', async () => {
      const answer = await vscode.commands.executeCommand<{ json?: unknown; error?: string }>(
        'messenger.test.runCli',
        'stats',
      );
      assert.deepEqual(answer, {
        error: "`messenger stats` runs your application's code: trust this workspace first.",
      });
    });
  });
}
