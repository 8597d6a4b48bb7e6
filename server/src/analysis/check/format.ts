import { relative } from 'node:path';
import { type CheckJson, JSON_FORMAT_VERSION, type JsonError, terminalSafe } from '@messenger-ts/runtime/contract';
import type { Diagnostic, Severity } from '../diagnostics/types.js';

const COLORS: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '2' };

/**
 * `file:line:col severity code message`, 1-based, the file relative to `base`. Terminal-safe: a
 * message quotes names from the project's files (a transport name in messenger.yaml…), which could
 * hold escape sequences; only the severity's own color is written raw.
 */
export function formatDiagnostic(d: Diagnostic, base: string, ansi = false): string {
  const file = terminalSafe(relative(base, d.file) || d.file);
  const severity = ansi ? `\u001b[${COLORS[d.severity]}m${d.severity}\u001b[0m` : d.severity;
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severity} ${d.code} ${terminalSafe(d.message.replace(/\s*\n\s*/g, ' '))}`;
}

export function summary(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** The JSON `messenger check --format json` prints (the runtime's CheckJson), paths relative to `base`. */
export function toJson(diagnostics: readonly Diagnostic[], base: string): CheckJson {
  return {
    version: JSON_FORMAT_VERSION,
    diagnostics: diagnostics.map((d) => ({
      file: relative(base, d.file) || d.file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.related
        ? {
            related: d.related.map((r) => ({
              file: relative(base, r.file) || r.file,
              line: r.range.start.line + 1,
              column: r.range.start.character + 1,
              message: r.message,
            })),
          }
        : {}),
    })),
    summary: summary(diagnostics),
  };
}

/** A check that could not run, in the runtime's JsonError shape (printed on one line, as every command prints its errors). */
export function errorJson(className: string, message: string): JsonError {
  return { version: JSON_FORMAT_VERSION, error: { class: className, message } };
}
