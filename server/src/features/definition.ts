import type { Location } from 'vscode-languageserver';
import { uriOf } from '../convert.js';
import type { PositionFeature } from './Feature.js';
import { handlersOf } from './shared/describe.js';
import { nameOccurrences } from './shared/occurrences.js';
import { messageOf, targetAt } from './shared/targets.js';

/**
 * `textDocument/definition`: a message (wherever it is written, a routing key, a handler) →
 * its class; a dispatch → the handlers that will get the message (its class when it has none);
 * a transport or a bus name (messenger.yaml, fromTransport, bus, getBus, TransportNamesStamp)
 * → its key in messenger.yaml.
 */
export const definition: PositionFeature<Location[] | null> = {
  scope: 'position',
  method: 'textDocument/definition',
  capabilities: { definitionProvider: true },
  answer(analysis, document, position) {
    const target = targetAt(analysis, document.file, position);
    if (target === undefined) return null;
    if (target.kind === 'transport' || target.kind === 'bus') {
      const defined = nameOccurrences(analysis, target.kind, target.name, 'config').filter(
        (o) => o.role === 'definition',
      );
      return defined.length === 0 ? null : defined.map((o) => ({ uri: uriOf(o.file), range: o.range }));
    }
    const info = messageOf(analysis, target);
    if (target.kind === 'dispatch' && info !== undefined) {
      const buses = target.site.buses;
      const handlers = handlersOf(analysis.model, info.cls).filter(
        ({ bus }) => buses === undefined || buses.includes(bus),
      );
      const unique = [...new Set(handlers.map(({ def }) => def))];
      if (unique.length > 0) return unique.map((def) => ({ uri: uriOf(def.cls.file), range: def.decoratorRange }));
    }
    if (info === undefined) return null;
    return [{ uri: uriOf(info.cls.file), range: info.cls.decl.range }];
  },
};
