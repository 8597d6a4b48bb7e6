import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

/** Applies a WorkspaceEdit to the files on disk, as an editor would (created files, then text edits in order). */
export function applyWorkspaceEdit(edit: WorkspaceEdit): string[] {
  const touched: string[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`);
      const path = fileURLToPath(change.uri);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, '');
      touched.push(path);
      continue;
    }
    const path = fileURLToPath(change.textDocument.uri);
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new Error(`edit of a file that does not exist: ${path}`);
    }
    writeFileSync(path, applyTextEdits(text, change.edits as TextEdit[]));
    touched.push(path);
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const path = fileURLToPath(uri);
    writeFileSync(path, applyTextEdits(readFileSync(path, 'utf8'), edits));
    touched.push(path);
  }
  return touched;
}

/** Text edits of one document (non-overlapping, positions in the original text), applied from the end. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const offset = (line: number, character: number): number => {
    let at = 0;
    for (let l = 0; l < line; l++) {
      const next = text.indexOf('\n', at);
      if (next === -1) return text.length;
      at = next + 1;
    }
    return at + character;
  };
  const sorted = [...edits].sort(
    (a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
  );
  let out = text;
  for (const edit of sorted) {
    const start = offset(edit.range.start.line, edit.range.start.character);
    const end = offset(edit.range.end.line, edit.range.end.character);
    out = out.slice(0, start) + edit.newText + out.slice(end);
  }
  return out;
}
