/** The language server's diagnostics reach VS Code: a mistake in the fixture's messenger.yaml is reported on its line. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, eventually, workspaceFile } from './support';

export function diagnosticsTests(): void {
  suite('Diagnostics', () => {
    test('the server reports the unknown DSN scheme of messenger.yaml', async () => {
      const api = await activated();
      await api.serverReady;
      const uri = workspaceFile('config', 'packages', 'messenger.yaml');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostic = await eventually('a diagnostic on messenger.yaml', () =>
        vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'unknown-dsn-scheme'));
      const line = document.lineAt(diagnostic.range.start.line).text;
      assert.match(line, /broken: 'nope:\/\/localhost'/);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.match(diagnostic.message, /nope/);
    });
  });
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}
