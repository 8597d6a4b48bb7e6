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

/** A span of a file from offsets in its text, for files not parsed by the YAML library (.env). */
export function locateInText(file: string, text: string, start: number, end: number): SourceLocation {
  const position = (offset: number): { line: number; column: number } => {
    const before = text.slice(0, offset);
    const lineStart = before.lastIndexOf('\n') + 1;
    return { line: before.split('\n').length, column: offset - lineStart + 1 };
  };
  const from = position(start);
  const to = position(end);
  return {
    file,
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    offset: start,
    endOffset: end,
  };
}
