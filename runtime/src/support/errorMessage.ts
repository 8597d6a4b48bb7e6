/** The message of anything thrown: JavaScript lets code throw values that are not Errors. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The built-in prototypes whose `name` only says "some Error": a subclass that does not set its own is named by its constructor. */
const BUILTIN_ERROR_PROTOTYPES: ReadonlySet<object> = new Set(
  [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError].map(
    (type) => type.prototype,
  ),
);

/**
 * The class of an error, as PHP's `get_class()` gives it (ErrorDetailsStamp, exception lists):
 * its `name` when the class (or the instance) set one, else its constructor's name, so that
 * `class BoomError extends Error {}` is `BoomError`, not the inherited `Error`.
 */
export function errorClassName(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  let owner: object | null = error;
  while (owner !== null && !Object.hasOwn(owner, 'name')) owner = Object.getPrototypeOf(owner) as object | null;
  const constructorName = typeof error.constructor === 'function' ? error.constructor.name : '';
  if (owner !== null && !BUILTIN_ERROR_PROTOTYPES.has(owner) && typeof error.name === 'string' && error.name !== '')
    return error.name;
  return constructorName || error.name || 'Error';
}

/** An error's code as PHP's `(int) $e->getCode()` reads it: a number or a numeric string gives its integer, anything else 0. */
export function errorCode(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number') return Number.isFinite(code) ? Math.trunc(code) : 0;
  if (typeof code !== 'string') return 0;
  const leading = /^\s*[+-]?\d+/.exec(code);
  return leading === null ? 0 : Number.parseInt(leading[0], 10);
}
