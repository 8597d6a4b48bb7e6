import { type Hover, MarkupKind } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/index.js';
import { isSourceFile } from '../analysis/project/files.js';
import type { Position } from '../protocol.js';
import type { PositionFeature } from './Feature.js';
import {
  describeBus,
  describeHandler,
  describeMessage,
  describeRoutingKey,
  describeTransport,
} from './shared/describe.js';
import { enclosingCall, nameSites, parseFile, within } from './shared/syntax.js';
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
      case 'dispatch': {
        const info = target.info;
        const stamped = stampedTransports(analysis, document.file, position);
        value = info === undefined ? undefined : describeMessage(model, info, stamped);
        break;
      }
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

/**
 * The transports a `TransportNamesStamp` of the dispatch around the position names: at that
 * dispatch they replace the routing (`bus.dispatch(Envelope.wrap(msg, [stamp]))`, `dispatch(msg, [stamp])`).
 */
function stampedTransports(analysis: AnalysisResult, file: string, position: Position): string[] | undefined {
  const text = isSourceFile(file) ? analysis.text(file) : undefined;
  const parsed = text === undefined ? undefined : parseFile(file, text);
  const offset = parsed?.offsetOf(position);
  if (parsed === undefined || offset === undefined) return undefined;
  const call = enclosingCall(parsed, offset, ['dispatch', 'handle']);
  if (call === undefined) return undefined;
  const names = nameSites(parsed)
    .filter((site) => site.context === 'TransportNamesStamp' && within(call, site.range.start))
    .map((site) => site.name);
  return names.length === 0 ? undefined : [...new Set(names)];
}
