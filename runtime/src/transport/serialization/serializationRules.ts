/**
 * What the JSON serializer can carry, as data and small pure functions. The runtime applies
 * them to values while encoding; the static analysis applies them to TypeScript types, so an
 * editor flags exactly what a send would reject. Keep this module free of imports (types
 * only) so the language server can load it without the runtime.
 *
 * Every reason reads after "<property path> is …" and says what to do instead.
 */

/** Built-in classes the serializer rebuilds on the receiving side (recorded in `X-Message-Types`). */
export const REVIVED_BUILTINS: readonly string[] = Object.freeze(['Date']);

const typedArray =
  "binary data: JSON has no bytes; encode it as a base64 string (buffer.toString('base64')) or an array of numbers";

/**
 * Built-in and Node classes that cannot survive JSON, by class name, with the reason shown to
 * users. Null prototype, so that a class named `toString` is not mistaken for one of these.
 */
export const UNSUPPORTED_BUILTINS: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    Promise: 'a Promise: it cannot be sent, only its result; await it before dispatching',
    Map: 'a Map: JSON has no maps; use a plain object or an array of [key, value] pairs',
    Set: 'a Set: JSON has no sets; use an array',
    WeakMap: 'a WeakMap: it holds object references that cannot leave the process; send plain data',
    WeakSet: 'a WeakSet: it holds object references that cannot leave the process; send plain data',
    WeakRef: 'a WeakRef: it holds an object reference that cannot leave the process; send plain data',
    Stream: 'a stream: it cannot be sent; read it first, or send where to find the data (a path, a URL, an id)',
    Readable:
      'a readable stream: it cannot be sent; read it first, or send where to find the data (a path, a URL, an id)',
    Writable:
      'a writable stream: it cannot be sent; send where the handler should write instead (a path, a URL, an id)',
    Duplex: 'a duplex stream: it cannot be sent; send where to find the data (a path, a URL, an id)',
    Transform: 'a transform stream: it cannot be sent; send the data, or where to find it',
    PassThrough: 'a stream: it cannot be sent; read it first, or send where to find the data (a path, a URL, an id)',
    ReadableStream:
      'a ReadableStream: it cannot be sent; read it first, or send where to find the data (a path, a URL, an id)',
    WritableStream:
      'a WritableStream: it cannot be sent; send where the handler should write instead (a path, a URL, an id)',
    TransformStream: 'a TransformStream: it cannot be sent; send the data, or where to find it',
    EventEmitter: 'an EventEmitter: listeners and live state stay in this process; send plain data',
    AbortController: 'an AbortController: it only works inside one process; send plain data',
    AbortSignal: 'an AbortSignal: it only works inside one process; send plain data',
    Buffer: `a Buffer, ${typedArray}`,
    Blob: `a Blob, ${typedArray}`,
    ArrayBuffer: `an ArrayBuffer, ${typedArray}`,
    SharedArrayBuffer: `a SharedArrayBuffer, ${typedArray}`,
    DataView: `a DataView, ${typedArray}`,
    TypedArray: `a typed array, ${typedArray}`,
    Int8Array: `an Int8Array, ${typedArray}`,
    Uint8Array: `a Uint8Array, ${typedArray}`,
    Uint8ClampedArray: `a Uint8ClampedArray, ${typedArray}`,
    Int16Array: `an Int16Array, ${typedArray}`,
    Uint16Array: `a Uint16Array, ${typedArray}`,
    Int32Array: `an Int32Array, ${typedArray}`,
    Uint32Array: `a Uint32Array, ${typedArray}`,
    Float32Array: `a Float32Array, ${typedArray}`,
    Float64Array: `a Float64Array, ${typedArray}`,
    BigInt64Array: `a BigInt64Array, ${typedArray}`,
    BigUint64Array: `a BigUint64Array, ${typedArray}`,
    RegExp: 'a RegExp: JSON has no regular expressions; send its source (regexp.source) and flags as strings',
    Error: 'an Error: errors lose their class and stack in JSON; send the message (and a code) as strings',
    Function: 'a function: code cannot be sent; send data and let the handler decide what to run',
    URL: 'a URL: JSON has no URL objects; send url.href (a string)',
    URLSearchParams: 'a URLSearchParams: send params.toString() (a string) or a plain object',
    String: 'a boxed String (new String(…)): use the primitive string',
    Number: 'a boxed Number (new Number(…)): use the primitive number',
    Boolean: 'a boxed Boolean (new Boolean(…)): use the primitive boolean',
  }),
);

/** `typeof` results that cannot survive JSON, with the reason shown to users. */
export const UNSUPPORTED_PRIMITIVES: Readonly<Record<'function' | 'symbol' | 'bigint', string>> = Object.freeze({
  function: UNSUPPORTED_BUILTINS['Function']!,
  symbol: 'a symbol: symbols are unique to one process; use a string',
  bigint: 'a bigint: JSON numbers cannot hold it; send it as a string (value.toString())',
});

export const NON_FINITE_NUMBER_REASON =
  'a number JSON cannot hold (NaN or ±Infinity): it would arrive as null; use null or a finite number';
export const INVALID_DATE_REASON =
  'an invalid Date (its time is NaN): it has no ISO-8601 form; use a valid date or null';
export const UNDEFINED_IN_ARRAY_REASON =
  'undefined inside an array: JSON would turn it into null; use null or leave the item out';
export const SYMBOL_KEY_REASON =
  'a symbol-keyed property: JSON keys are strings, so it would be lost; use a string key';
export const CYCLE_REASON =
  'a reference back to one of its own parents (a cycle): JSON cannot represent cycles; send ids instead of back references';

/** An ES `#private` field: not a property, so JSON never sees it (path segment `#name`). */
export const PRIVATE_FIELD_REASON =
  "an ES private field: JSON carries only properties, so it would arrive missing and methods reading it would throw; make it a property (TypeScript's `private` keeps it private to the compiler and survives JSON)";

/** Property names a decoder refuses anywhere, because they are the ways into prototype pollution. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

export function forbiddenKeyReason(key: string): string {
  return `a property named "${key}": the receiving side rejects that name (it could pollute prototypes); rename the property`;
}

/** Bodies nested deeper than this are refused both ways (Symfony's JSON decoder has the same default depth). */
export const MAX_DEPTH = 512;

export const TOO_DEEP_REASON = `nested more than ${MAX_DEPTH} levels deep: flatten the data`;

export const NOT_A_MESSAGE_INSTANCE_REASON =
  'not an instance of a message class: only instances of registered message classes are sent (the `type` header names the class)';

function className(name: string): string {
  return name === '' ? 'an anonymous class' : `class ${name}`;
}

/** A nested value of a class the registry does not know. */
export function unregisteredClassReason(name: string): string {
  return `an instance of ${className(name)}, which is not a registered message class: the receiving side could not rebuild it; register it with createMessenger({ messages: [...] }) or use a plain object`;
}

/** The message itself is of a class the registry does not know. */
export function unregisteredMessageReason(name: string): string {
  return `an instance of ${className(name)}, which is not a registered message class: register it with createMessenger({ messages: [...] }) so the receiving side can decode it`;
}

/** Stamps travel as plain JSON without `X-Message-Types`: only a stamp's own `fromJSON` can rebuild what JSON loses. */
export const STAMP_DATE_REASON =
  'a Date inside a stamp without a static fromJSON(): it would arrive as a string; add a static fromJSON(json) that rebuilds it (as RedeliveryStamp does)';

export function stampClassInstanceReason(name: string): string {
  return `an instance of ${className(name)} inside a stamp: stamps travel as plain JSON and their nested objects are not rebuilt; store plain data`;
}

export type ClassClassification =
  | { readonly kind: 'revived'; readonly name: string }
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'class'; readonly name: string };

export function unsupportedBuiltinReason(name: string): string | undefined {
  return UNSUPPORTED_BUILTINS[name];
}

/**
 * Classifies a class by the names along its prototype chain, most derived first and without
 * `Object` (the runtime reads `constructor.name` while walking `Object.getPrototypeOf`; the
 * analysis passes the declared base classes). Any unsupported built-in in the chain wins: a
 * user class extending EventEmitter still carries listeners JSON would lose.
 */
export function classifyClass(chain: readonly string[]): ClassClassification {
  for (const name of chain) {
    const reason = unsupportedBuiltinReason(name);
    if (reason !== undefined) return { kind: 'unsupported', reason };
  }
  const [own = ''] = chain;
  if (REVIVED_BUILTINS.includes(own)) return { kind: 'revived', name: own };
  // Subclasses would come back as the plain built-in, losing their class and methods.
  const builtinBase = chain.slice(1).find((name) => REVIVED_BUILTINS.includes(name) || name === 'Array');
  if (builtinBase !== undefined) {
    return {
      kind: 'unsupported',
      reason: `a subclass of ${builtinBase} (${own || 'anonymous'}): it would arrive as a plain ${builtinBase}; use a plain ${builtinBase} or a class holding one`,
    };
  }
  return { kind: 'class', name: own };
}
