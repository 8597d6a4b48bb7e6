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
      readonly handlers: ReadonlyArray<{
        readonly handler: string;
        readonly options: Readonly<Record<string, string | number>>;
      }>;
    }>;
  }>;
}

export function handlerMapping(byBus: HandlersByBus, registry: MessageTypeRegistry): HandlerMapping {
  return {
    buses: [...byBus].map(([name, byMessage]) => ({
      name,
      messages: [...byMessage].map(([message, descriptors]) => ({
        message: message === '*' ? '*' : registry.nameOf(message as MessageClass),
        handlers: descriptors.map((d) => ({
          handler: displayedHandlerName(d.name),
          options: displayedHandlerOptions(d.options),
        })),
      })),
    })),
  };
}

/** `Class::__invoke` is shown as `Class`, as Symfony shows a service handled by __invoke. */
export function displayedHandlerName(name: string): string {
  return name.replace(/::__invoke$/, '');
}

/**
 * Only the options that were set, named as Symfony's tag attributes (a zero priority is not
 * shown). Shared with the static analysis, so both tables print the same.
 */
export function displayedHandlerOptions(options: {
  readonly bus?: string | undefined;
  readonly fromTransport?: string | undefined;
  readonly method: string;
  readonly priority: number;
}): Record<string, string | number> {
  const displayed: Record<string, string | number> = {};
  if (options.bus !== undefined) displayed['bus'] = options.bus;
  if (options.fromTransport !== undefined) displayed['from_transport'] = options.fromTransport;
  if (options.method !== '__invoke') displayed['method'] = options.method;
  if (options.priority !== 0) displayed['priority'] = options.priority;
  return displayed;
}
