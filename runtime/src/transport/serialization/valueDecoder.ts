import { MessageDecodingFailedException } from '../../errors/MessageDecodingFailedException.js';
import type { MessageClass } from '../../message/MessageClass.js';
import type { MessageTypeRegistry } from '../../message/MessageTypeRegistry.js';
import { TYPES_HEADER } from './headers.js';
import { childTypePath, displayTypePath, parseTypePath } from './propertyPath.js';
import { isForbiddenKey, MAX_DEPTH, REVIVED_BUILTINS } from './serializationRules.js';

/** What a type map entry rebuilds: a Date from its ISO string, or a registered class from an object. */
export type TypeTarget = 'Date' | MessageClass;

export type TypeMap = ReadonlyMap<string, TypeTarget>;

/** The type map of a body with no `X-Message-Types` entries (most messages, and every stamp): shared, read only. */
const NO_TYPES: TypeMap = new Map();

/**
 * The `fail` of a decoding: throws `Could not decode <subject>: <detail>.`. Made per message,
 * so it is returned unnamed (a named closure costs a defineProperty where names are kept).
 */
export function decodingFailure(subject: string): (detail: string) => never {
  return (detail) => {
    throw new MessageDecodingFailedException(`Could not decode ${subject}: ${detail}.`);
  };
}

// An ISO-8601 date-time with a zone, as toISOString() and Symfony's DateTimeNormalizer write them.
const ISO_DATE_TIME = /^[+-]?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads `X-Message-Types`: every entry must name Date or a registered class, on a path that
 * does not go through a prototype. Absent header: no entries (a message from Symfony).
 */
export function parseTypeMapHeader(
  header: unknown,
  types: MessageTypeRegistry,
  fail: (detail: string) => never,
): TypeMap {
  if (header === undefined) return NO_TYPES;
  const map = new Map<string, TypeTarget>();
  if (typeof header !== 'string') fail(`the "${TYPES_HEADER}" header must be a string, got ${describe(header)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch (error) {
    fail(`the "${TYPES_HEADER}" header is not valid JSON (${(error as Error).message})`);
  }
  if (!isJsonObject(parsed))
    fail(`the "${TYPES_HEADER}" header must be a JSON object of path → type name, got ${describe(parsed)}`);
  for (const [path, name] of Object.entries(parsed)) {
    const segments = parseTypePath(path);
    if (segments === undefined)
      fail(`the "${TYPES_HEADER}" header has a malformed path "${path}" (a "~" must be followed by 0 or 1)`);
    const forbidden = segments.find(isForbiddenKey);
    if (forbidden !== undefined)
      fail(
        `the "${TYPES_HEADER}" path "${path}" goes through "${forbidden}", which is refused (it could pollute prototypes)`,
      );
    if (typeof name !== 'string')
      fail(`the "${TYPES_HEADER}" entry for "${path}" must be a type name (a string), got ${describe(name)}`);
    map.set(path, resolveType(name, types, fail));
  }
  return map;
}

function resolveType(name: string, types: MessageTypeRegistry, fail: (detail: string) => never): TypeTarget {
  if (REVIVED_BUILTINS.includes(name)) return 'Date';
  const cls = types.get(name);
  if (cls === undefined)
    fail(`type "${name}" is not registered in this application: register it with createMessenger({ messages: [...] })`);
  return cls;
}

/**
 * Rebuilds parsed JSON into fresh objects. Every object is created here (Object.create, then
 * its own properties), so no untrusted key is ever assigned onto an existing object, and keys
 * that lead into prototypes are refused wherever they appear.
 *
 * Instances get their class's prototype and their own properties, without calling the
 * constructor (as PHP's unserialize and Symfony's serializer do): constructors may have side
 * effects or required arguments, and the sender already ran them.
 */
export class ValueDecoder {
  /** The type map's paths met in the body; made on the first one (most bodies have none). */
  private used: Set<string> | undefined;
  /** Whether the type map has entries: when not (most bodies), no value looks its path up. */
  private readonly typed: boolean;

  private constructor(
    private readonly typeMap: TypeMap,
    private readonly fail: (detail: string) => never,
  ) {
    this.typed = typeMap.size > 0;
  }

  /** The message: an object of the root class, with the type map applied underneath. */
  static decodeMessage(
    json: unknown,
    rootClass: MessageClass,
    typeMap: TypeMap,
    fail: (detail: string) => never,
  ): object {
    if (!isJsonObject(json)) fail(`the body must be a JSON object, got ${describe(json)}`);
    const decoder = new ValueDecoder(typeMap, fail);
    const message = decoder.rebuildObject(json, rootClass.prototype as object, undefined, 0);
    // Most type maps are empty (NO_TYPES): no iterator to make then.
    if (typeMap.size > 0)
      for (const path of typeMap.keys()) {
        if (decoder.used?.has(path) !== true)
          fail(`the "${TYPES_HEADER}" header names "${path}", which is not in the body`);
      }
    return message;
  }

  /** A JSON object rebuilt straight onto a prototype (a stamp's), its fields as plain data. */
  static decodeInstance(json: Record<string, unknown>, proto: object, fail: (detail: string) => never): object {
    return new ValueDecoder(NO_TYPES, fail).rebuildObject(json, proto, undefined, 0);
  }

  /** Plain JSON data, copied into fresh objects with the same key checks (stamp fields). */
  static decodePlain(json: unknown, fail: (detail: string) => never): unknown {
    return new ValueDecoder(NO_TYPES, fail).rebuild(json, undefined, 0);
  }

  private rebuild(value: unknown, path: string | undefined, depth: number): unknown {
    const target = path === undefined || !this.typed ? undefined : this.typeMap.get(path);
    if (target !== undefined) (this.used ??= new Set()).add(path!);
    if (value === null || typeof value !== 'object') {
      if (target === 'Date') return this.date(value, path!);
      if (target !== undefined)
        this.fail(`${this.where(path)} should be an object of class ${target.name}, got ${describe(value)}`);
      return value;
    }
    if (depth >= MAX_DEPTH) this.fail(`${this.where(path)} is nested more than ${MAX_DEPTH} levels deep`);
    if (target === 'Date') this.fail(`${this.where(path)} should be an ISO-8601 date string, got ${describe(value)}`);
    if (Array.isArray(value)) {
      if (target !== undefined)
        this.fail(`${this.where(path)} should be an object of class ${target.name}, got an array`);
      return value.map((item, index) => this.rebuild(item, childTypePath(path, index), depth + 1));
    }
    return this.rebuildObject(
      value as Record<string, unknown>,
      target === undefined ? Object.prototype : (target.prototype as object),
      path,
      depth,
    );
  }

  private rebuildObject(
    value: Record<string, unknown>,
    proto: object,
    path: string | undefined,
    depth: number,
  ): object {
    const out = Object.create(proto) as object;
    for (const key of Object.keys(value)) {
      const childPath = childTypePath(path, key);
      if (isForbiddenKey(key))
        this.fail(`the property "${key}" at ${this.where(childPath)} is refused (it could pollute prototypes)`);
      const rebuilt = this.rebuild(value[key], childPath, depth + 1);
      // A key nowhere on the prototype chain: assigning creates the same own, enumerable,
      // writable property, without defineProperty's descriptor object and runtime call (per
      // message). A key the chain has (a method, an accessor) is defined, never assigned.
      if (key in out)
        Object.defineProperty(out, key, { value: rebuilt, enumerable: true, writable: true, configurable: true });
      else (out as Record<string, unknown>)[key] = rebuilt;
    }
    return out;
  }

  private date(value: unknown, path: string): Date {
    const time = typeof value === 'string' && ISO_DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(time)) this.fail(`${this.where(path)} should be an ISO-8601 date string, got ${describe(value)}`);
    return new Date(time);
  }

  private where(path: string | undefined): string {
    return path === undefined ? 'the root' : `"${displayTypePath(path)}"`;
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A short description of an unexpected value, for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return value.length > 40 ? `the string "${value.slice(0, 40)}…"` : `the string "${value}"`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'nothing';
  return `${typeof value} ${String(value)}`;
}
