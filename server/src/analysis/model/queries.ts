import {
  builtinMiddlewareId,
  displayedHandlerName,
  displayedHandlerOptions,
  Dsn,
  type HandlerMapping,
  isJsonSerializerId,
  listTypes,
  type MessengerConfig,
  type TransportConfig,
  TransportFactoryRegistry,
} from '@messenger-ts/runtime';
import type { Model } from './assemble.js';
import type { HandlerDef } from './handlers.js';
import type { ClassRef } from './ProjectIndex.js';

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
      if (found.some((d) => d.name === def.name)) continue;
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
        message: key === '*' ? '*' : (model.messages.get(key)?.typeName ?? model.index.classes.get(key)!.decl.name),
        handlers: defs.map((def) => ({
          handler: displayedHandlerName(def.name),
          options: displayedHandlerOptions(def),
        })),
      })),
    })),
  };
}

const transportFactories = new TransportFactoryRegistry();

/** Does a transport put messages through its serializer? Each transport factory says; one the analysis does not know is assumed to. */
export function transportSerializes(transport: TransportConfig): boolean {
  return transportFactories.serializes(transport.dsn, transport.options);
}

/** The serializer service of a transport: its own `serializer`, else the default one. */
export function serializerOf(config: MessengerConfig, transport: TransportConfig): string {
  return transport.serializer ?? config.serializer.defaultSerializer;
}

/** Is it the runtime's JSON serializer (whose rules the payload checks apply), not a service of the application? */
export function usesJsonSerializer(config: MessengerConfig, transport: TransportConfig): boolean {
  return isJsonSerializerId(serializerOf(config, transport));
}

/** The DSN's scheme as the runtime parses it (lower case), undefined for an invalid DSN. */
export function dsnScheme(dsn: string): string | undefined {
  try {
    return Dsn.parse(dsn).scheme;
  } catch {
    return undefined;
  }
}

/** Does a bus accept a message nobody handles? (`allow_no_handlers`, or no handle_message middleware at all.) */
export function busAllowsNoHandlers(model: Model, bus: string): boolean {
  const config = model.config.buses.get(bus);
  if (config === undefined) return true;
  if (config.defaultMiddleware === 'allow_no_handlers') return true;
  if (config.defaultMiddleware === false)
    return !config.middleware.some((m) => builtinMiddlewareId(m.id) === 'handle_message');
  return false;
}
