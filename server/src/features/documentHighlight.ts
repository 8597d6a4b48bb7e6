import { type DocumentHighlight, DocumentHighlightKind } from 'vscode-languageserver';
import { identityOf, type PlacedElement } from '../analysis/index.js';
import type { PositionFeature } from './Feature.js';

/**
 * `textDocument/documentHighlight`: on a transport, a bus, a message or a handler, every place
 * of the same document that names it; where it is defined (a class declaration, a key of
 * messenger.yaml) counts as the write.
 */
export const documentHighlight: PositionFeature<DocumentHighlight[] | null> = {
  scope: 'position',
  method: 'textDocument/documentHighlight',
  capabilities: { documentHighlightProvider: true },
  answer(analysis, document, position) {
    const positions = analysis.positions();
    const [innermost] = positions.at(document.file, position);
    if (innermost === undefined) return null;
    const identity = identityOf(innermost.element);
    return positions
      .inFile(document.file)
      .filter((placed) => identityOf(placed.element) === identity)
      .map((placed) => ({
        range: placed.range,
        kind: isDefinition(placed) ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }));
  },
};

function isDefinition(placed: PlacedElement): boolean {
  const element = placed.element;
  return 'role' in element && element.role === 'definition';
}
