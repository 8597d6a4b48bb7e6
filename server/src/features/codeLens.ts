import type { CodeLens, Location } from 'vscode-languageserver';
import type { Model } from '../analysis/model/assemble.js';
import type { HandlerDef } from '../analysis/model/handlers.js';
import { uriOf } from '../convert.js';
import { type Range, SHOW_LOCATIONS_COMMAND } from '../protocol.js';
import type { DocumentFeature } from './Feature.js';
import { handlerBuses, handlersOf, handlerTransports } from './shared/describe.js';

/**
 * `textDocument/codeLens`: above a message class, "2 handlers · routed to async, audit";
 * above a handler, "handles X on command.bus from async". A click shows the handlers, or the
 * message class (SHOW_LOCATIONS_COMMAND).
 */
export const codeLens: DocumentFeature<CodeLens[] | null> = {
  scope: 'document',
  method: 'textDocument/codeLens',
  capabilities: { codeLensProvider: { resolveProvider: false } },
  answer(analysis, document) {
    const model = analysis.model;
    const lenses: CodeLens[] = [];
    for (const info of model.messages.values()) {
      if (info.cls.file !== document.file) continue;
      const handlers = [...new Set(handlersOf(model, info.cls).map(({ def }) => def))];
      const count =
        handlers.length === 0 ? 'no handler' : handlers.length === 1 ? '1 handler' : `${handlers.length} handlers`;
      const routes =
        info.routes.length === 0
          ? 'handled on dispatch'
          : `routed to ${info.routes.map((r) => r.transport).join(', ')}`;
      lenses.push(
        lens(
          info.cls.decl.range,
          `${count} · ${routes}`,
          document.file,
          handlers.map((def) => ({ uri: uriOf(def.cls.file), range: def.decoratorRange })),
        ),
      );
    }
    for (const def of model.handlerDefs) {
      if (def.cls.file !== document.file) continue;
      const target =
        def.handles === undefined || def.handles === '*'
          ? []
          : [{ uri: uriOf(def.handles.file), range: def.handles.decl.range }];
      lenses.push(lens(def.decoratorRange, handlerTitle(model, def), document.file, target));
    }
    return lenses;
  },
};

function lens(range: Range, title: string, file: string, locations: Location[]): CodeLens {
  return {
    range,
    command: { title, command: SHOW_LOCATIONS_COMMAND, arguments: [uriOf(file), range.start, locations] },
  };
}

/** "handles PlaceOrder on command.bus from async". */
export function handlerTitle(model: Model, def: HandlerDef): string {
  const message =
    def.handles === '*'
      ? 'every message'
      : def.handles === undefined
        ? 'an unknown message'
        : (model.messages.get(def.handles.key)?.typeName ?? def.handles.decl.name);
  const registered = model.registrationUnknown || model.registeredHandlerClasses.has(def.cls.key);
  if (!registered) return `handles ${message} · not registered`;
  const buses = handlerBuses(model, def);
  const on =
    buses.length === 0
      ? ''
      : ` on ${buses.length === model.byBus.size && def.bus === undefined && buses.length > 1 ? 'every bus' : buses.join(', ')}`;
  return `handles ${message}${on}${sourcesOf(model, def)}`;
}

function sourcesOf(model: Model, def: HandlerDef): string {
  const transports = handlerTransports(model, def);
  if (transports === undefined) return '';
  return transports.length === 0 ? ' on dispatch' : ` from ${transports.join(', ')}`;
}
