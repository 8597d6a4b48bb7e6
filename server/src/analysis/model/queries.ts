import { type HandlerMapping, listTypes, type TransportConfig, TransportFactoryRegistry } from '@messenger-ts/runtime';
import type { Model } from './assemble.js';
import type { HandlerDef } from './handlers.js';
import type { ClassRef } from './ProjectIndex.js';

/** `Class::method` as HandledStamp and the runtime name a handler. */
export function handlerName(def: HandlerDef): string {
  return def.name;
}

/** The class, its parents in the project, then `*`: the runtime's listTypes over class declarations. */
export function messageTypes(model: Model, cls: ClassRef): Array<string> {
  return listTypes(cls.key, { parentOf: (key) => model.index.parentOf(model.index.classes.get(key)!)?.key });
}

/**
 * The handlers a message gets on a bus, as the runtime's HandlersLocator finds them: by class,
 * parent classes, then `*`; when received from a transport, only handlers without
 * `fromTransport` or bound to that transport.
 */
export function handlersFor(model: Model, cls: ClassRef, bus: string, received?: string): HandlerDef[] {
  const byMessage = model.byBus.get(bus);
  if (byMessage === undefined) return [];
  const found: HandlerDef[] = [];
  for (const type of messageTypes(model, cls)) {
    for (const def of byMessage.get(type) ?? []) {
      if (received !== undefined && def.fromTransport !== undefined && def.fromTransport !== received) continue;
      if (found.some((d) => handlerName(d) === handlerName(def))) continue;
      found.push(def);
    }
  }
  return found;
}

/** Bus → message → handlers, exactly the shape `messenger debug --format json` prints. */
export function staticHandlerMapping(model: Model): HandlerMapping {
  return {
    buses: [...model.byBus].map(([name, byMessage]) => ({
      name,
      messages: [...byMessage].map(([key, defs]) => ({
        message: key === '*' ? '*' : model.messages.get(key)?.typeName ?? model.index.classes.get(key)!.decl.name,
        handlers: defs.map((def) => ({ handler: handlerName(def).replace(/::__invoke$/, ''), options: displayedOptions(def) })),
      })),
    })),
  };
}

function displayedOptions(def: HandlerDef): Record<string, string | number> {
  const options: Record<string, string | number> = {};
  if (def.bus !== undefined) options['bus'] = def.bus;
  if (def.fromTransport !== undefined) options['from_transport'] = def.fromTransport;
  if (def.method !== '__invoke') options['method'] = def.method;
  if (def.priority !== 0) options['priority'] = def.priority;
  return options;
}

const transportFactories = new TransportFactoryRegistry();

/** Does a transport put messages through its serializer? Each transport factory says. */
export function transportSerializes(transport: TransportConfig): boolean {
  return transportFactories.serializes(transport.dsn, transport.options);
}

/** Does a bus accept a message nobody handles? (`allow_no_handlers`, or no handle_message middleware at all.) */
export function busAllowsNoHandlers(model: Model, bus: string): boolean {
  const config = model.config.buses.get(bus);
  if (config === undefined) return true;
  if (config.defaultMiddleware === 'allow_no_handlers') return true;
  if (config.defaultMiddleware === false) return !config.middleware.some((m) => m.id.replace(/^messenger\.middleware\./, '') === 'handle_message');
  return false;
}
