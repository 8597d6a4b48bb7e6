/**
 * The one type-resolution rule of Messenger (Symfony's `HandlersLocator::listTypes`), shared by
 * handler lookup, routing, and the static analysis: a message matches rules for its own class,
 * then for each parent class, then the `'*'` fallback.
 *
 * Interfaces do not exist at run time in TypeScript, so there is no interface step: route a
 * family of messages through a common (abstract) parent class instead.
 */
export const WILDCARD = '*';

export interface TypeLineage<T> {
  /** The parent type, or undefined at the root of the hierarchy. */
  parentOf(type: T): T | undefined;
}

export function listTypes<T>(type: T, lineage: TypeLineage<T>): Array<T | typeof WILDCARD> {
  const types: Array<T | typeof WILDCARD> = [];
  const seen = new Set<T>();
  for (
    let current: T | undefined = type;
    current !== undefined && !seen.has(current);
    current = lineage.parentOf(current)
  ) {
    seen.add(current);
    types.push(current);
  }
  types.push(WILDCARD);
  return types;
}
