import { type Hover, MarkupKind } from 'vscode-languageserver';
import type { PositionFeature } from './Feature.js';
import {
  describeBus,
  describeHandler,
  describeMessage,
  describeRoutingKey,
  describeTransport,
} from './shared/describe.js';
import { targetAt } from './shared/targets.js';

/**
 * `textDocument/hover`: on a message class (declared, built, typed, dispatched, named by a
 * handler), where it goes and why, its handlers and whether its payload survives the
 * serializer; on a handler, its message, bus and transports; in messenger.yaml, on a routing
 * key, a transport or a bus, what it is and what uses it.
 */
export const hover: PositionFeature<Hover | null> = {
  scope: 'position',
  method: 'textDocument/hover',
  capabilities: { hoverProvider: true },
  answer(analysis, document, position) {
    const target = targetAt(analysis, document.file, position);
    if (target === undefined) return null;
    const model = analysis.model;
    let value: string | undefined;
    switch (target.kind) {
      case 'message':
        value = describeMessage(model, target.info);
        break;
      case 'dispatch':
        value = target.info === undefined ? undefined : describeMessage(model, target.info);
        break;
      case 'handler':
        value = describeHandler(model, target.def);
        break;
      case 'routing-key':
        value = describeRoutingKey(model, target.key);
        break;
      case 'transport':
        value = describeTransport(model, target.name);
        break;
      case 'bus':
        value = describeBus(model, target.name);
        break;
    }
    return value === undefined ? null : { contents: { kind: MarkupKind.Markdown, value }, range: target.range };
  },
};
