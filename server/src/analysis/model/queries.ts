import {
  builtinMiddlewareId,
  displayedHandlerName,
  displayedHandlerOptions,
  Dsn,
  findHandlers,
  type HandlerMapping,
  isJsonSerializerId,
  listTypes,
  type MessengerConfig,
  type TransportConfig,
} from '@messenger-ts/runtime/rules';
import type { Model } from './assemble.js';
import type { HandlerDef } from './handlers.js';
import type { ClassRef } from './ProjectIndex.js';

/** The class, its parents in the project, then `*`: the runtime's listTypes over class declarations. */
export function messageTypes(model: Model, cls: ClassRef): Array<string> {
  return listTypes(cls.key, { parentOf: (key) => model.index.parentOf(model.index.classes.get(key)!)?.key });
}

/** The handlers a message gets on a bus (received from a transport, or dispatched): the runtime's findHandlers. */
export function handlersFor(model: Model, cls: ClassRef, bus: string, received?: string): HandlerDef[] {
  const byMessage = model.byBus.get(bus);
  return byMessage === undefined ? [] : findHandlers(messageTypes(model, cls), byMessage, received);
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

/** Does a transport put messages through its serializer? Its factory says, in the application's registry; a factory that does not say, does. */
export function transportSerializes(model: Model, transport: TransportConfig): boolean {
  return model.transportFactoryRegistry.serializes(transport.dsn, transport.options);
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
