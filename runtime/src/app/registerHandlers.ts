import { LogicException } from '../errors/MessengerException.js';
import { HANDLERS, type HandlerDefinition } from '../handler/AsMessageHandler.js';
import { HandlerDescriptor } from '../handler/HandlerDescriptor.js';
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
 * Turns decorated handler objects into descriptors, per bus. A handler without `bus` is
 * registered on every bus, as in Symfony. Every mistake is collected and thrown together.
 */
export function registerHandlers(handlers: readonly object[], busNames: readonly string[]): HandlersByBus {
  const byBus: HandlersByBus = new Map(busNames.map((bus) => [bus, new Map()]));
  const problems: string[] = [];
  for (const handler of handlers) {
    const handlerClass = handler.constructor;
    const definitions = handlerDefinitions(handlerClass);
    if (definitions.length === 0) {
      problems.push(`${handlerClass.name}: no @AsMessageHandler on the class or its methods.`);
      continue;
    }
    for (const definition of definitions) {
      const problem = checkDefinition(handler, definition, busNames);
      if (problem !== undefined) {
        problems.push(`${handlerClass.name}: ${problem}`);
        continue;
      }
      const method = (handler as Record<string, (message: object) => unknown>)[definition.method]!;
      const descriptor = new HandlerDescriptor(
        method.bind(handler),
        `${handlerClass.name}::${definition.method}`,
        definition,
        handler,
      );
      for (const bus of definition.bus === undefined ? busNames : [definition.bus]) {
        const byMessage = byBus.get(bus)!;
        const list = byMessage.get(definition.handles) ?? [];
        list.push(descriptor);
        byMessage.set(definition.handles, list);
      }
    }
  }
  if (problems.length > 0) throw new LogicException(`Invalid message handlers:\n  ${problems.join('\n  ')}`);
  for (const byMessage of byBus.values()) {
    // Array.prototype.sort is stable: equal priorities keep registration order.
    for (const list of byMessage.values()) list.sort((a, b) => b.options.priority - a.options.priority);
  }
  return byBus;
}

function checkDefinition(
  handler: object,
  definition: HandlerDefinition,
  busNames: readonly string[],
): string | undefined {
  if (typeof (handler as Record<string, unknown>)[definition.method] !== 'function') {
    return `method "${definition.method}" does not exist (set the "method" option, or decorate the method itself).`;
  }
  if (definition.bus !== undefined && !busNames.includes(definition.bus)) {
    return `bus "${definition.bus}" does not exist (known buses: ${busNames.join(', ')}).`;
  }
  return undefined;
}
