/**
 * Class metadata written by our decorators (TC39 decorator metadata, `Symbol.metadata`).
 *
 * Node 20 has no `Symbol.metadata`; compilers emit metadata only when it exists, so it is
 * polyfilled here, and this module is imported by every decorator before user classes are
 * evaluated. A subclass's metadata object inherits from its parent's through the prototype
 * chain, so lists are always read and written as *own* properties.
 */
(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata');

export const METADATA: symbol = (Symbol as unknown as { metadata: symbol }).metadata;

type MetadataObject = Record<PropertyKey, unknown>;

/** The metadata object of a class, created if missing (legacy decorators have no context.metadata). */
export function classMetadata(target: Function): MetadataObject {
  if (!Object.hasOwn(target, METADATA)) {
    const parent = Object.getPrototypeOf(target) as Function | null;
    const inherited = parent && (parent as unknown as Record<symbol, unknown>)[METADATA];
    Object.defineProperty(target, METADATA, {
      value: Object.create((inherited as object | undefined) ?? null),
      configurable: true,
      writable: true,
    });
  }
  return (target as unknown as Record<symbol, MetadataObject>)[METADATA]!;
}

export function ownList<T>(metadata: MetadataObject, key: symbol): T[] {
  if (!Object.hasOwn(metadata, key)) metadata[key] = [];
  return metadata[key] as T[];
}

/** The value of `key` written on this very class (not inherited), if any. */
export function ownValue<T>(target: Function, key: symbol): T | undefined {
  const metadata = (target as unknown as Record<symbol, MetadataObject | undefined>)[METADATA];
  return metadata && Object.hasOwn(metadata, key) ? (metadata[key] as T) : undefined;
}

/** True when a decorator was called the TC39 way (value, context) rather than the legacy way. */
export function isDecoratorContext(value: unknown): value is DecoratorContext {
  return typeof value === 'object' && value !== null && 'kind' in value && 'name' in value;
}
