import type { CreateFile, Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { uriOf } from '../../convert.js';

/** The 0-based line and UTF-16 character of an offset (JavaScript strings are UTF-16 too). */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** The offset of a position; past the end of a line or of the text, its end. */
export function offsetAt(text: string, position: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf('\n', offset);
  return Math.min(offset + position.character, end === -1 ? text.length : end);
}

/**
 * The one edit that turns `before` into `after`: what differs between their common start and
 * common end. Whole-file rewrites (ts-morph's output) become a small edit, so the editor keeps
 * the cursor, the undo history and the rest of the buffer as they were.
 */
export function diffEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end))
    end++;
  return {
    range: { start: positionAt(before, start), end: positionAt(before, before.length - end) },
    newText: after.slice(start, after.length - end),
  };
}

/** Collects the changes of one fix, file by file, in the order an editor must apply them. */
export class EditBuilder {
  private readonly changes: Array<CreateFile | TextDocumentEdit> = [];
  private readonly edits = new Map<string, TextEdit[]>();

  /** A new file with its text (it must not exist: the fix chose a free name). */
  create(path: string, text: string): this {
    const uri = uriOf(path);
    this.changes.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } });
    return this.edit(path, { range: ZERO, newText: text });
  }

  /** The file's text becomes `after` (one minimal edit). */
  rewrite(path: string, before: string, after: string): this {
    const edit = diffEdit(before, after);
    return edit === undefined ? this : this.edit(path, edit);
  }

  replace(path: string, range: Range, newText: string): this {
    return this.edit(path, { range, newText });
  }

  get empty(): boolean {
    return this.edits.size === 0;
  }

  build(): WorkspaceEdit {
    return { documentChanges: [...this.changes] };
  }

  private edit(path: string, edit: TextEdit): this {
    const uri = uriOf(path);
    let list = this.edits.get(uri);
    if (list === undefined) {
      list = [];
      this.edits.set(uri, list);
      this.changes.push({ textDocument: { uri, version: null }, edits: list });
    }
    list.push(edit);
    return this;
  }
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
