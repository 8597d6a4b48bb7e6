import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Diagnostic as LspDiagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, Severity } from './analysis/index.js';
import { DIAGNOSTIC_SOURCE } from './protocol.js';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: SEVERITIES[d.severity],
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
    ...(d.data ? { data: d.data } : {}),
    ...(d.related
      ? {
          relatedInformation: d.related.map((r) => ({
            location: { uri: uriOf(r.file), range: r.range },
            message: r.message,
          })),
        }
      : {}),
  };
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** A file URI as a path; undefined for other schemes (untitled buffers, git views). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
