/** The language server's diagnostics as VS Code holds them, in the map's plain terms. */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '@messenger-ts/server/protocol';
import type { DiagnosticInfo } from '../map/problems';
import type { Severity } from '../tree/TreeNode';

const SEVERITIES: Readonly<Record<vscode.DiagnosticSeverity, Severity>> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export function messengerDiagnostics(): DiagnosticInfo[] {
  return vscode.languages.getDiagnostics().flatMap(([uri, diagnostics]) =>
    diagnostics
      .filter((d) => d.source === DIAGNOSTIC_SOURCE && uri.scheme === 'file')
      .map((d) => ({
        file: uri.fsPath,
        range: {
          start: { line: d.range.start.line, character: d.range.start.character },
          end: { line: d.range.end.line, character: d.range.end.character },
        },
        severity: SEVERITIES[d.severity],
        message: d.message,
        code: typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code),
      })),
  );
}
