import { SymbolKind, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver';
import { at } from '../analysis/diagnostics/config.js';
import { uriOf } from '../convert.js';
import type { WorkspaceFeature } from './Feature.js';
import { fuzzyMatcher } from './shared/fuzzyMatch.js';

/** How each element shows in the symbol list. */
export const SYMBOL_KINDS = {
  message: SymbolKind.Class,
  handler: SymbolKind.Method,
  transport: SymbolKind.Event,
  bus: SymbolKind.Interface,
} as const;

/** At most this many symbols per answer: the client asks again as the query grows. */
const MAX_SYMBOLS = 500;

/**
 * `workspace/symbol`: the messages, handlers, transports and buses of every project, matched
 * by the query's letters in order (case-insensitive), as editors match symbol queries.
 */
export const workspaceSymbol: WorkspaceFeature<SymbolInformation[], WorkspaceSymbolParams> = {
  scope: 'workspace',
  method: 'workspace/symbol',
  capabilities: { workspaceSymbolProvider: true },
  answer(analyses, params) {
    const matches = fuzzyMatcher(params.query ?? '');
    const out: SymbolInformation[] = [];
    const add = (
      name: string,
      kind: SymbolKind,
      file: string,
      range: SymbolInformation['location']['range'],
      containerName: string,
    ): void => {
      if (out.length < MAX_SYMBOLS && matches(name))
        out.push({ name, kind, location: { uri: uriOf(file), range }, containerName });
    };
    for (const { model } of analyses) {
      for (const info of model.messages.values())
        add(info.typeName, SYMBOL_KINDS.message, info.cls.file, info.cls.decl.range, 'message');
      for (const def of model.handlerDefs)
        add(def.name, SYMBOL_KINDS.handler, def.cls.file, def.decoratorRange, 'handler');
      for (const transport of model.config.transports.values()) {
        const { file, range } = at(transport.location);
        add(transport.name, SYMBOL_KINDS.transport, file, range, 'transport');
      }
      for (const bus of model.config.buses.values()) {
        if (bus.location === undefined) continue;
        const { file, range } = at(bus.location);
        add(bus.name, SYMBOL_KINDS.bus, file, range, 'bus');
      }
    }
    return out;
  },
};
