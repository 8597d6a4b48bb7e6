import type { Location, ReferenceParams } from 'vscode-languageserver';
import { uriOf } from '../convert.js';
import type { PositionFeature } from './Feature.js';
import { handlerOccurrences, messageOccurrences, nameOccurrences, type Occurrence } from './shared/occurrences.js';
import { messageOf, targetAt } from './shared/targets.js';

/**
 * `textDocument/references`: of a message, its handlers, dispatch sites and routing keys; of
 * a handler, its registration; of a transport or a bus, every place that names it, in
 * messenger.yaml and in the code. The declaration only when the client asks for it.
 */
export const references: PositionFeature<Location[] | null, ReferenceParams> = {
  scope: 'position',
  method: 'textDocument/references',
  capabilities: { referencesProvider: true },
  answer(analysis, document, position, params) {
    const target = targetAt(analysis, document.file, position);
    if (target === undefined) return null;
    let found: Occurrence[];
    if (target.kind === 'transport' || target.kind === 'bus')
      found = nameOccurrences(analysis, target.kind, target.name);
    else if (target.kind === 'handler') found = handlerOccurrences(analysis, target.def);
    else {
      const info = messageOf(analysis, target);
      if (info === undefined) return null;
      found = messageOccurrences(analysis, info);
    }
    const includeDeclaration = params.context?.includeDeclaration ?? true;
    return found
      .filter((o) => includeDeclaration || o.role !== 'definition')
      .map((o) => ({ uri: uriOf(o.file), range: o.range }));
  },
};
