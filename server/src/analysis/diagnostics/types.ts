import type { Range } from '../facts/types.js';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedInformation {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

/** One finding, on a file range, with a stable code and a message that says what to do. */
export interface Diagnostic {
  readonly file: string;
  readonly range: Range;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly related?: readonly RelatedInformation[];
}

/** Per-code severity overrides (`off` drops the code). */
export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

export function isSeverity(value: unknown): value is Severity | 'off' {
  return value === 'error' || value === 'warning' || value === 'information' || value === 'hint' || value === 'off';
}

/** Applies overrides and sorts by file, position, code: a stable order for output and tests. */
export function finalize(diagnostics: readonly Diagnostic[], overrides: SeverityOverrides): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const override = overrides[d.code];
    if (override === 'off') continue;
    out.push(override === undefined ? d : { ...d, severity: override });
  }
  return out.sort(compareDiagnostics);
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}

// Code-unit order: stable across locales, and much faster than localeCompare.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
