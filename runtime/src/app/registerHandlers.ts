import { LogicException } from '../errors/MessengerException.js';
import { HANDLERS, type HandlerDefinition } from '../handler/AsMessageHandler.js';
import { HandlerDescriptor } from '../handler/HandlerDescriptor.js';
import { registerHandlerDeclarations } from '../handler/handlerRegistration.js';
import type { MessageClass } from '../message/MessageClass.js';
import { ownValue } from '../support/metadata.js';

/** A handler given to createMessenger: an instance, a decorated class (built with `new`), or a factory. */
export type HandlerEntry<Context> = object | (new () => object) | ((context: Context) => object);

/** The handlers of each bus, by message class (or `'*'`), highest priority first. */
export type HandlersByBus = Map<string, Map<MessageClass | '*', HandlerDescriptor[]>>;

export function handlerDefinitions(handlerClass: Function): readonly HandlerDefinition[] {
  return ownValue<HandlerDefinition[]>(handlerClass, HANDLERS) ?? [];
}

/** Instantiates handler entries: decorated classes with `new`, other functions as factories. */
export function instantiateHandlers<Context>(entries: readonly HandlerEntry<Context>[], context: Context): object[] {
  return entries.map((entry) => {
    if (typeof entry !== 'function') return entry;
    if (handlerDefinitions(entry).length > 0) return new (entry as new () => object)();
    const built = (entry as (context: Context) => unknown)(context);
    if (built === null || typeof built !== 'object') {
      throw new LogicException(
        `Handler factory ${entry.name || '(anonymous)'} must return a handler object, got ${built === null ? 'null' : typeof built}.`,
      );
    }
    return built;
  });
}

/**
 * Turns decorated handler objects into descriptors, per bus, by the shared registration rule
 * (handler/handlerRegistration.ts). Every mistake is collected and thrown together.
 */
export function registerHandlers(handlers: readonly object[], busNames: readonly string[]): HandlersByBus {
  const { table, problems } = registerHandlerDeclarations<object, MessageClass, HandlerDefinition, HandlerDescriptor>(
    handlers,
    busNames,
    {
      className: (handler) => handler.constructor.name,
      declarations: (handler) => handlerDefinitions(handler.constructor),
      hasMethod: (handler, method) => typeof (handler as Record<string, unknown>)[method] === 'function',
      entry: (handler, definition, name) => {
        const method = (handler as Record<string, (message: object) => unknown>)[definition.method]!;
        return new HandlerDescriptor(method.bind(handler), name, definition, handler);
      },
    },
  );
  if (problems.length > 0)
    throw new LogicException(`Invalid message handlers:\n  ${problems.map((p) => p.message).join('\n  ')}`);
  return table;
}
