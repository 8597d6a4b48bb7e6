/** Activation on the fixture workspace: the extension starts, registers its commands and its status bar item. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ACTIVATION_MARKER } from './suiteProtocol';
import { activated, messengerExtension, workspaceFile } from './support';

interface Snapshot {
  readonly statusBar: { readonly text: string; readonly tooltip: string; readonly visible: boolean };
  readonly project?: { readonly configFile: string; readonly projectDir: string };
  readonly trusted: boolean;
}

export function activationTests(): void {
  suite('Activation', () => {
    test('activates on a workspace with config/packages/messenger.yaml', async () => {
      const api = await activated();
      assert.equal(messengerExtension().isActive, true);
      assert.equal(typeof api.activation.totalMs, 'number');
      assert.ok(api.activation.loadMs !== undefined, 'the bundle banner recorded when loading started');
      console.log(`${ACTIVATION_MARKER} ${JSON.stringify(api.activation)}`);
    });

    test('registers every command it contributes, and the test snapshot command', async () => {
      await activated();
      const contributed = (
        messengerExtension().packageJSON as { contributes: { commands: { command: string }[] } }
      ).contributes.commands.map((c) => c.command);
      assert.ok(contributed.length >= 7, `contributes ${contributed.length} commands`);
      const registered = new Set(await vscode.commands.getCommands(true));
      const missing = contributed.filter((id) => !registered.has(id));
      assert.deepEqual(missing, [], 'contributed commands without a handler');
      assert.ok(registered.has('messenger.test.snapshot'));
    });

    test('shows its status bar item', async () => {
      await activated();
      const snapshot = await vscode.commands.executeCommand<Snapshot>('messenger.test.snapshot');
      assert.equal(snapshot.statusBar.visible, true);
      assert.match(snapshot.statusBar.text, /Messenger/);
      assert.match(snapshot.statusBar.tooltip, /language server/);
    });

    test('finds the project config and runs trusted', async () => {
      const api = await activated();
      await api.projectDetected;
      const snapshot = await vscode.commands.executeCommand<Snapshot>('messenger.test.snapshot');
      assert.equal(snapshot.project?.configFile, workspaceFile('config', 'packages', 'messenger.yaml').fsPath);
      assert.equal(snapshot.trusted, true);
    });
  });
}
