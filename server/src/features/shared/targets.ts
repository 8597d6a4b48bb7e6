import type { AnalysisResult } from '../../analysis/index.js';
import type { DispatchSite, MessageInfo, RoutingKey } from '../../analysis/model/assemble.js';
import type { HandlerDef } from '../../analysis/model/handlers.js';
import type { ClassRef } from '../../analysis/model/ProjectIndex.js';
import { isSourceFile } from '../../analysis/project/files.js';
import type { Position, Range } from '../../protocol.js';
import { nameAt, nameSites, parseFile, within } from './syntax.js';
import { isConfigDocument } from './occurrences.js';
import { yamlSites } from './yamlConfig.js';

/** What the user points at, in the model's terms: what hover, definition, references and rename start from. */
export type Target =
  | { readonly kind: 'message'; readonly info: MessageInfo; readonly range: Range }
  | { readonly kind: 'handler'; readonly def: HandlerDef; readonly range: Range }
  | {
      readonly kind: 'dispatch';
      readonly site: DispatchSite;
      readonly info: MessageInfo | undefined;
      readonly range: Range;
    }
  | { readonly kind: 'routing-key'; readonly key: RoutingKey; readonly range: Range }
  | {
      readonly kind: 'transport' | 'bus';
      readonly name: string;
      readonly range: Range;
      /** The name's range without quotes, when it is known (what rename replaces). */
      readonly exact: boolean;
    };

/**
 * The target at a position: in TypeScript, a transport or bus name in a string, else a name
 * resolved through the project's imports (a message class wherever it is written, a handler
 * class), else the model element written there (a handler's decorator or method, a dispatch);
 * in messenger.yaml, a transport or bus name, else a routing key.
 */
export function targetAt(analysis: AnalysisResult, file: string, position: Position): Target | undefined {
  const model = analysis.model;
  const text = analysis.text(file);
  if (text !== undefined && isSourceFile(file)) {
    const parsed = parseFile(file, text);
    const offset = parsed?.offsetOf(position);
    if (parsed !== undefined && offset !== undefined) {
      const site = nameSites(parsed).find((s) => within(s.range, position));
      if (site !== undefined) return { kind: site.kind, name: site.name, range: site.range, exact: true };
      const name = nameAt(parsed, offset);
      const resolved = name === undefined ? undefined : model.index.resolve(file, name.name);
      if (name !== undefined && resolved?.kind === 'class') {
        const fromClass = classTarget(analysis, resolved.cls, name.range, position, file);
        if (fromClass !== undefined) return fromClass;
      }
    }
  } else if (text !== undefined && isConfigDocument(analysis, file)) {
    const site = yamlSites(file, text).find((s) => within(s.range, position));
    if (site !== undefined) return { kind: site.kind, name: site.name, range: site.range, exact: true };
  }
  const [placed] = analysis.positions().at(file, position);
  if (placed === undefined) return undefined;
  const element = placed.element;
  switch (element.kind) {
    case 'message': {
      const info = model.messages.get(element.cls.key);
      return info === undefined ? undefined : { kind: 'message', info, range: placed.range };
    }
    case 'handler':
      return { kind: 'handler', def: element.def, range: placed.range };
    case 'dispatch': {
      const info = element.site.message === undefined ? undefined : model.messages.get(element.site.message.key);
      return { kind: 'dispatch', site: element.site, info, range: placed.range };
    }
    case 'routing-key':
      return { kind: 'routing-key', key: element.key, range: placed.range };
    case 'transport':
    case 'bus':
      return { kind: element.kind, name: element.name, range: placed.range, exact: false };
  }
}

/** A class named in the code: a message, or a handler class (the handler whose method holds the position, else its first). */
function classTarget(
  analysis: AnalysisResult,
  cls: ClassRef,
  range: Range,
  position: Position,
  file: string,
): Target | undefined {
  const info = analysis.model.messages.get(cls.key);
  if (info !== undefined) return { kind: 'message', info, range };
  const defs = analysis.model.handlerDefs.filter((def) => def.cls.key === cls.key);
  if (defs.length === 0) return undefined;
  const placed = analysis
    .positions()
    .at(file, position)
    .find((p) => p.element.kind === 'handler');
  const def = placed?.element.kind === 'handler' ? placed.element.def : defs[0]!;
  return { kind: 'handler', def, range };
}

/** The message a target is about, if any. */
export function messageOf(analysis: AnalysisResult, target: Target): MessageInfo | undefined {
  const model = analysis.model;
  switch (target.kind) {
    case 'message':
      return target.info;
    case 'dispatch':
      return target.info;
    case 'routing-key':
      return target.key.resolution.kind === 'class' ? model.messages.get(target.key.resolution.cls.key) : undefined;
    case 'handler':
      return target.def.handles === undefined || target.def.handles === '*'
        ? undefined
        : model.messages.get(target.def.handles.key);
    default:
      return undefined;
  }
}
