/**
 * What the editor answers, through VS Code's own commands (the ones its UI calls): a hover on
 * a message class shows its transport and handler, a code lens above it counts its handlers
 * and a click opens the handler, go to definition leads from fromTransport to messenger.yaml.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, serverStarted, workspaceFile } from './support';

/** The text of the Messenger hovers at a position (other extensions may add theirs). */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string | undefined> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  const texts = hovers.flatMap((hover) =>
    hover.contents.map((content) => (typeof content === 'string' ? content : content.value)),
  );
  return texts.find((text) => text.includes('· message'));
}

export function editorTests(): void {
  suite('Editor', () => {
    suiteSetup(serverStarted);

    test('a hover on a message class shows its transport, its DSN masked and its handler', async () => {
      const uri = workspaceFile('src', 'Message', 'SmsNotification.ts');
      await vscode.window.showTextDocument(uri);
      const text = await eventually('the hover on SmsNotification', () => hoverText(uri, new vscode.Position(0, 16)));
      assert.match(text, /\*\*SmsNotification\*\* · message/);
      assert.match(
        text,
        /- `async` `sqlite:\/\/var\/messenger\.db` · routing key `App\\Message\\SmsNotification` \(its class\)/,
      );
      assert.match(text, /SmsNotificationHandler::__invoke\]\(.*\) on `command\.bus`, `event\.bus`, only from `async`/);
    });

    test('a code lens above the message counts its handlers; its command opens the handler', async () => {
      const uri = workspaceFile('src', 'Message', 'SmsNotification.ts');
      const lenses = await eventually('the code lens', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return found.find((lens) => lens.command?.command === 'messenger.showLocations');
      });
      assert.equal(lenses.command!.title, '1 handler · routed to async');
      await vscode.commands.executeCommand(lenses.command!.command, ...(lenses.command!.arguments ?? []));
      await eventually('the handler open', () =>
        vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('SmsNotificationHandler.ts') ? true : undefined,
      );
    });

    test("go to definition from fromTransport: 'async' lands on the transport in messenger.yaml", async () => {
      const uri = workspaceFile('src', 'MessageHandler', 'SmsNotificationHandler.ts');
      const document = await vscode.workspace.openTextDocument(uri);
      const line = document.lineAt(4).text;
      const position = new vscode.Position(4, line.indexOf("'async'") + 2);
      const targets = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
        'vscode.executeDefinitionProvider',
        uri,
        position,
      );
      const target = targets.map((t) => ('targetUri' in t ? { uri: t.targetUri, range: t.targetRange } : t))[0];
      assert.ok(target, 'a definition');
      assert.match(target.uri.fsPath, /config\/packages\/messenger\.yaml$/);
      const yaml = await vscode.workspace.openTextDocument(target.uri);
      assert.match(yaml.lineAt(target.range.start.line).text, /^\s+async:$/);
    });
  });
}
