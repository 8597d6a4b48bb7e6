import {
  DIAGNOSTIC_DEFAULT_SEVERITIES,
  type DiagnosticCode,
  type DiagnosticData,
  isDiagnosticCode,
  type Severity,
} from '../../protocol.js';
import type { Range } from '../facts/types.js';

export type { DiagnosticCode, DiagnosticData, Severity };

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
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly related?: readonly RelatedInformation[];
  readonly data?: DiagnosticData;
}

/**
 * How sure the analysis is: `certain` findings get their code's default severity; a
 * `probable` one is at most a warning (it depends on what the analysis cannot see, e.g. which
 * bus, or another application consuming a transport); a `possible` one only informs.
 */
export type Confidence = 'certain' | 'probable' | 'possible';

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
const CAP: Record<Confidence, Severity> = { certain: 'error', probable: 'warning', possible: 'information' };

export interface DiagnosticOptions {
  readonly confidence?: Confidence;
  readonly data?: DiagnosticData;
  readonly related?: readonly RelatedInformation[];
}

/** The one way to make a diagnostic: its severity is its code's default (protocol.ts), lowered by the confidence. */
export function diagnostic(
  code: DiagnosticCode,
  at: { readonly file: string; readonly range: Range },
  message: string,
  options: DiagnosticOptions = {},
): Diagnostic {
  const byDefault: Severity = DIAGNOSTIC_DEFAULT_SEVERITIES[code];
  const cap = CAP[options.confidence ?? 'certain'];
  return {
    file: at.file,
    range: at.range,
    severity: RANK[cap] > RANK[byDefault] ? cap : byDefault,
    code,
    message,
    ...(options.related && options.related.length > 0 ? { related: options.related } : {}),
    ...(options.data ? { data: options.data } : {}),
  };
}

/** Per-code severity overrides (`off` drops the code). */
export type SeverityOverrides = Readonly<Partial<Record<DiagnosticCode, Severity | 'off'>>>;

export function isSeverity(value: unknown): value is Severity | 'off' {
  return value === 'error' || value === 'warning' || value === 'information' || value === 'hint' || value === 'off';
}

/** Why a severity setting is not used, if it is not: an unknown code or severity. */
export function severitySettingProblem(code: string, severity: unknown): string | undefined {
  if (!isDiagnosticCode(code)) return `"${code}" is not a diagnostic code of the messenger analysis`;
  if (!isSeverity(severity))
    return `"${String(severity)}" for "${code}" is not a severity (error, warning, information, hint or off)`;
  return undefined;
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
