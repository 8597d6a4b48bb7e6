import type { DispatchSite, RoutingKey } from '../model/assemble.js';
import type { HandlerDef } from '../model/handlers.js';
import type { ClassRef } from '../model/ProjectIndex.js';

/**
 * What a place in a file is, in the model's terms: the vocabulary of editor features. A
 * `definition` is where a name is given its meaning (a class declaration, a transport or bus
 * key of messenger.yaml); a `reference` names it elsewhere.
 */
export type ModelElement =
  /** A message class: its declaration, or its name in a handler's decorator. */
  | { readonly kind: 'message'; readonly cls: ClassRef; readonly role: 'definition' | 'reference' }
  /** A handler: its @AsMessageHandler decorator, or the method it runs. */
  | { readonly kind: 'handler'; readonly def: HandlerDef; readonly part: 'decorator' | 'method' }
  /** The message argument of `bus.dispatch(…)` or `handle(bus, …)`. */
  | { readonly kind: 'dispatch'; readonly site: DispatchSite }
  /** A key of messenger.yaml's routing. */
  | { readonly kind: 'routing-key'; readonly key: RoutingKey }
  /** A transport name: its key under `transports`, or a use (routing, fromTransport, @AsMessage). */
  | { readonly kind: 'transport'; readonly name: string; readonly role: 'definition' | 'reference' }
  /** A bus name: its key under `buses`, or a use (a handler's `bus`, `getBus('…')`). */
  | { readonly kind: 'bus'; readonly name: string; readonly role: 'definition' | 'reference' };

export type ElementKind = ModelElement['kind'];
