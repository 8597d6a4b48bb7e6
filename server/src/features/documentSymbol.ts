import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import type { LocatedValue } from '@messenger-ts/runtime/rules';
import { rangeOf } from '../analysis/diagnostics/config.js';
import type { DocumentFeature } from './Feature.js';
import { SYMBOL_KINDS } from './workspaceSymbol.js';
import { isConfigDocument } from './shared/occurrences.js';
import { parseConfig } from './shared/yamlConfig.js';

/**
 * `textDocument/documentSymbol` for messenger.yaml: its outline, key by key, transports,
 * buses and routing rules shown as what they are. TypeScript files are left to the
 * TypeScript server.
 */
export const documentSymbol: DocumentFeature<DocumentSymbol[] | null> = {
  scope: 'document',
  method: 'textDocument/documentSymbol',
  capabilities: { documentSymbolProvider: true },
  answer(analysis, document) {
    if (!isConfigDocument(analysis, document.file)) return null;
    const text = analysis.text(document.file);
    if (text === undefined) return null;
    const root = parseConfig(document.file, text);
    return root === undefined ? [] : children(root, document.file, []);
  },
};

function children(value: LocatedValue, file: string, path: readonly string[]): DocumentSymbol[] {
  if (value.kind !== 'map') return [];
  const out: DocumentSymbol[] = [];
  for (const entry of value.entries.values()) {
    // An alias's value is located where its anchor is: only what this file writes here is outlined.
    if (entry.keyLocation.file !== file) continue;
    const selectionRange = rangeOf(entry.keyLocation);
    const valueRange = entry.value.location.file === file ? rangeOf(entry.value.location) : selectionRange;
    const range = { start: selectionRange.start, end: after(valueRange.end, selectionRange.end) };
    const inner = [...path, entry.key];
    const detail = entry.value.kind === 'scalar' && entry.value.value !== null ? String(entry.value.value) : undefined;
    out.push({
      name: entry.key,
      kind: kindOf(path),
      range,
      selectionRange,
      ...(detail === undefined ? {} : { detail }),
      children: children(entry.value, file, inner),
    });
  }
  return out;
}

function after(a: DocumentSymbol['range']['end'], b: DocumentSymbol['range']['end']): DocumentSymbol['range']['end'] {
  return a.line > b.line || (a.line === b.line && a.character >= b.character) ? a : b;
}

/** By the key the entry is under: a transport, a bus, a routing rule, or a plain key. */
function kindOf(path: readonly string[]): SymbolKind {
  switch (path.at(-1)) {
    case 'transports':
      return SYMBOL_KINDS.transport;
    case 'buses':
      return SYMBOL_KINDS.bus;
    case 'routing':
      return SYMBOL_KINDS.message;
    default:
      return path.length < 2 ? SymbolKind.Namespace : SymbolKind.Property;
  }
}
