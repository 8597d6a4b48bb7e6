import type { HandlerDescriptor } from '../handler/HandlerDescriptor.js';
import type { MessageClass } from '../message/MessageClass.js';
import type { MessageTypeRegistry } from '../message/MessageTypeRegistry.js';
import type { HandlersByBus } from './registerHandlers.js';

/**
 * What `messenger debug` prints: per bus, each handled message and its handlers in the order
 * they run, with their options named as Symfony's debug:messenger names them. Computed once
 * from the registered handlers; the static analysis produces the same shape.
 */
export interface HandlerMapping {
  readonly buses: ReadonlyArray<{
    readonly name: string;
    readonly messages: ReadonlyArray<{
      readonly message: string;
      readonly handlers: ReadonlyArray<{ readonly handler: string; readonly options: Readonly<Record<string, string | number>> }>;
    }>;
  }>;
}

export function handlerMapping(byBus: HandlersByBus, registry: MessageTypeRegistry): HandlerMapping {
  return {
    buses: [...byBus].map(([name, byMessage]) => ({
      name,
      messages: [...byMessage].map(([message, descriptors]) => ({
        message: message === '*' ? '*' : registry.nameOf(message as MessageClass),
        handlers: descriptors.map((d) => ({ handler: d.name.replace(/::__invoke$/, ''), options: displayedOptions(d) })),
      })),
    })),
  };
}

/** Only the options that were set, as Symfony's tag attributes (a zero priority is not shown). */
function displayedOptions(descriptor: HandlerDescriptor): Record<string, string | number> {
  const { bus, fromTransport, method, priority } = descriptor.options;
  const options: Record<string, string | number> = {};
  if (bus !== undefined) options['bus'] = bus;
  if (fromTransport !== undefined) options['from_transport'] = fromTransport;
  if (method !== '__invoke') options['method'] = method;
  if (priority !== 0) options['priority'] = priority;
  return options;
}
