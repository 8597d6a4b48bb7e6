/**
 * The language server's diagnostics, as the map shows them: a badge on each row whose code
 * has a problem (the row's location overlaps the diagnostic's lines), summed up the tree, and
 * a Problems section listing them all. The vscode layer reads them from
 * vscode.languages.getDiagnostics (source `messenger`); nothing here re-analyses anything.
 */
import { isAbsolute, relative } from 'node:path';
import type { Range, SourceRef } from '@messenger-ts/server/protocol';
import { maskText } from '../masking/maskCredentials';
import { count, type Severity, type TreeNode } from '../tree/TreeNode';

export interface DiagnosticInfo {
  readonly file: string;
  readonly range: Range;
  readonly severity: Severity;
  readonly message: string;
  readonly code?: string;
}

export type ProblemCounts = Readonly<Record<Severity, number>>;

const NO_PROBLEMS: ProblemCounts = { error: 0, warning: 0, information: 0, hint: 0 };

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export function problemsAt(diagnostics: readonly DiagnosticInfo[], location: SourceRef | undefined): DiagnosticInfo[] {
  if (location === undefined) return [];
  const { start, end } = location.range;
  return diagnostics.filter(
    (d) => d.file === location.file && d.range.start.line <= end.line && d.range.end.line >= start.line,
  );
}

export function countProblems(diagnostics: readonly DiagnosticInfo[]): ProblemCounts {
  const counts = { ...NO_PROBLEMS };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

export function worstSeverity(counts: ProblemCounts): Severity | undefined {
  return SEVERITY_ORDER.find((s) => counts[s] > 0);
}

/** `✖ 1 ⚠ 2`: the badge appended to a row's description (errors and warnings only). */
export function problemBadge(counts: ProblemCounts): string {
  return [counts.error > 0 ? `✖ ${counts.error}` : '', counts.warning > 0 ? `⚠ ${counts.warning}` : '']
    .filter((p) => p !== '')
    .join(' ');
}

export function describeCounts(counts: ProblemCounts): string {
  const parts = [
    counts.error > 0 ? count(counts.error, 'error') : '',
    counts.warning > 0 ? count(counts.warning, 'warning') : '',
    counts.information > 0 ? count(counts.information, 'info', 'infos') : '',
    counts.hint > 0 ? count(counts.hint, 'hint') : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? 'no problems' : parts.join(', ');
}

export const SEVERITY_ICON: Readonly<Record<Severity, { readonly icon: string; readonly color: string }>> = {
  error: { icon: 'error', color: 'problemsErrorIcon.foreground' },
  warning: { icon: 'warning', color: 'problemsWarningIcon.foreground' },
  information: { icon: 'info', color: 'problemsInfoIcon.foreground' },
  hint: { icon: 'lightbulb', color: 'problemsInfoIcon.foreground' },
};

/** The Problems section: every diagnostic of the project, worst first; click opens it. */
export function problemsSection(
  idPrefix: string,
  projectDir: string,
  diagnostics: readonly DiagnosticInfo[],
): TreeNode | undefined {
  if (diagnostics.length === 0) return undefined;
  const sorted = [...diagnostics].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.file.localeCompare(b.file) ||
      a.range.start.line - b.range.start.line,
  );
  const counts = countProblems(diagnostics);
  const worst = worstSeverity(counts) ?? 'information';
  return {
    id: `${idPrefix}problems`,
    label: 'Problems',
    description: describeCounts(counts),
    icon: SEVERITY_ICON[worst].icon,
    iconColor: SEVERITY_ICON[worst].color,
    contextValue: 'problems',
    expanded: counts.error + counts.warning > 0,
    children: sorted.map((d, i) => ({
      id: `${idPrefix}problems/${i}:${d.file}:${d.range.start.line}:${d.code ?? ''}`,
      label: maskText(d.message),
      description: `${relativeTo(projectDir, d.file)}:${d.range.start.line + 1}`,
      tooltip: `${d.severity}${d.code ? ` (${d.code})` : ''}: ${maskText(d.message)}`,
      icon: SEVERITY_ICON[d.severity].icon,
      iconColor: SEVERITY_ICON[d.severity].color,
      contextValue: 'problem',
      location: { file: d.file, range: d.range },
    })),
  };
}

export function isInside(dir: string, file: string): boolean {
  const path = relative(dir, file);
  return !path.startsWith('..') && !isAbsolute(path);
}

/** A project file as the user reads it (`src/Message/Sms.ts`); a file outside the project keeps its full path. */
export function relativeTo(dir: string, file: string): string {
  const path = relative(dir, file);
  return path === '' || path.startsWith('..') || isAbsolute(path) ? file : path;
}
