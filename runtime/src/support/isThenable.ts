/**
 * True for a promise or any other thenable. Handlers and listeners may be synchronous, and a
 * synchronous one is called without an await, so a message or event that needs no promise
 * costs none.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
