import type { WILDCARD } from '../routing/listTypes.js';

/** What handler lookup needs to know of a registered handler. */
export interface LocatableHandler {
  /** `Class::method`: a handler registered twice (two instances of a class) runs once. */
  readonly name: string;
  readonly fromTransport: string | undefined;
}

/**
 * Handler lookup, the one rule shared by the runtime's HandlersLocator and the static analysis:
 * the handlers registered for each of a message's types in turn (its class, each parent class,
 * then `*`: see listTypes), each name once. For a message received from a transport, only the
 * handlers without `fromTransport` or bound to that transport; a direct dispatch runs them all.
 */
export function findHandlers<T, E extends LocatableHandler>(
  types: ReadonlyArray<T | typeof WILDCARD>,
  table: ReadonlyMap<T | typeof WILDCARD, readonly E[]>,
  receivedFrom: string | undefined,
): E[] {
  const found: E[] = [];
  for (const type of types) {
    for (const handler of table.get(type) ?? []) {
      if (receivedFrom !== undefined && handler.fromTransport !== undefined && handler.fromTransport !== receivedFrom)
        continue;
      if (found.some((other) => other.name === handler.name)) continue;
      found.push(handler);
    }
  }
  return found;
}
