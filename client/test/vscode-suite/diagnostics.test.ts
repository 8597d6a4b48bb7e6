/**
 * The language server's diagnostics reach VS Code: the fixture's deliberate mistake on disk (a
 * handler left out of createMessenger) and one typed into messenger.yaml (never saved).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, serverStarted, withUnsavedLine, workspaceFile } from './support';

export function diagnosticsTests(): void {
  suite('Diagnostics', () => {
    test('the server warns about the handler missing from createMessenger({ handlers })', async () => {
      await serverStarted();
      const uri = workspaceFile('src', 'MessageHandler', 'AuditHandler.ts');
      const diagnostic = await eventually('a diagnostic on AuditHandler.ts', () =>
        vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'unregistered-handler'),
      );
      const document = await vscode.workspace.openTextDocument(uri);
      assert.match(document.lineAt(diagnostic.range.start.line).text, /export class AuditHandler/);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(diagnostic.source, 'messenger');
    });

    test('a mistake typed into messenger.yaml is reported on its line, before any save', async () => {
      const uri = workspaceFile('config', 'packages', 'messenger.yaml');
      await withUnsavedLine(uri, "sync: 'sync://'", "            broken: 'nope://localhost'", async (line) => {
        const diagnostic = await eventually('the unknown DSN scheme reported', () =>
          vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'unknown-dsn-scheme'),
        );
        assert.equal(diagnostic.range.start.line, line);
        assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
        assert.match(diagnostic.message, /nope/);
      });
      await eventually('the diagnostic gone after the revert', () =>
        vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'unknown-dsn-scheme') ? undefined : true,
      );
    });
  });
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}
