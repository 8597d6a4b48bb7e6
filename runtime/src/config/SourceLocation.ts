import type { LineCounter } from 'yaml';

/** A span of a config file: 1-based lines and columns (for people), 0-based offsets (for editors). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly offset: number;
  readonly endOffset: number;
}

export function locate(file: string, lineCounter: LineCounter, start: number, end: number): SourceLocation {
  const from = lineCounter.linePos(start);
  const to = lineCounter.linePos(end);
  return {
    file,
    line: from.line,
    column: from.col,
    endLine: to.line,
    endColumn: to.col,
    offset: start,
    endOffset: end,
  };
}

/** A location for a whole file when nothing more precise exists (a missing key, an unreadable file). */
export function fileStart(file: string): SourceLocation {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0 };
}
