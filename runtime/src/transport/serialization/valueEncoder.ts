import type { MessageClass } from '../../message/MessageClass.js';
import type { MessageTypeRegistry } from '../../message/MessageTypeRegistry.js';
import { privateFieldNames } from './privateFields.js';
import { type PathSegment, typePath } from './propertyPath.js';
import {
  classifyClass,
  CYCLE_REASON,
  forbiddenKeyReason,
  INVALID_DATE_REASON,
  isForbiddenKey,
  MAX_DEPTH,
  NOT_A_MESSAGE_INSTANCE_REASON,
  NON_FINITE_NUMBER_REASON,
  PRIVATE_FIELD_REASON,
  STAMP_DATE_REASON,
  stampClassInstanceReason,
  SYMBOL_KEY_REASON,
  TOO_DEEP_REASON,
  UNDEFINED_IN_ARRAY_REASON,
  UNSUPPORTED_PRIMITIVES,
  unregisteredClassReason,
  unregisteredMessageReason,
} from './serializationRules.js';

/** A value that cannot survive JSON, where it is and why; the serializer turns it into a user-facing error. */
export class UnencodableValue extends Error {
  constructor(
    readonly path: readonly PathSegment[],
    readonly reason: string,
  ) {
    super(reason);
  }
}

export type EncodeMode =
  /** A message body: registered classes and Dates are recorded in the type map, to be rebuilt. */
  | { readonly kind: 'message'; readonly types: MessageTypeRegistry }
  /** A stamp: plain JSON only; Dates only when the stamp's own fromJSON rebuilds them. */
  | { readonly kind: 'stamp'; readonly datesAllowed: boolean };

export interface EncodedValue {
  /** A tree of plain JSON values, ready for JSON.stringify. */
  readonly json: unknown;
  /** Type path → type name, for the values JSON alone would not bring back (message mode only). */
  readonly typeMap: ReadonlyMap<string, string>;
}

/**
 * Turns a value into plain JSON data, refusing (with the path) anything that JSON would drop
 * or distort, so a message never arrives different from what was sent.
 */
export class ValueEncoder {
  private readonly path: PathSegment[] = [];
  // Ancestors only: a shared but acyclic reference is fine (it is encoded twice), a cycle is not.
  private readonly ancestors = new Set<object>();
  private readonly typeMap = new Map<string, string>();

  private constructor(private readonly mode: EncodeMode) {}

  /**
   * Encodes a message: an instance of a registered class, whose own properties make the body
   * (the `type` header names its class, so the root has no type map entry).
   */
  static encodeMessage(message: object, types: MessageTypeRegistry): EncodedValue {
    const proto = Object.getPrototypeOf(message) as object | null;
    const plain = proto === null || proto === Object.prototype || proto === Array.prototype;
    const classification = plain ? undefined : classifyClass(prototypeChainNames(proto));
    if (classification?.kind !== 'class') {
      throw new UnencodableValue(
        [],
        classification?.kind === 'unsupported' ? classification.reason : NOT_A_MESSAGE_INSTANCE_REASON,
      );
    }
    const encoder = new ValueEncoder({ kind: 'message', types });
    const json = encoder.encodeObject(message, 0);
    return { json, typeMap: encoder.typeMap };
  }

  static encode(value: unknown, mode: EncodeMode, path: readonly PathSegment[] = []): EncodedValue {
    const encoder = new ValueEncoder(mode);
    encoder.path.push(...path);
    const json = encoder.encodeValue(value, 0);
    return { json, typeMap: encoder.typeMap };
  }

  private fail(reason: string): never {
    throw new UnencodableValue([...this.path], reason);
  }

  private encodeValue(value: unknown, depth: number): unknown {
    const kind = typeof value;
    switch (kind) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        return Number.isFinite(value) ? value : this.fail(NON_FINITE_NUMBER_REASON);
      case 'function':
      case 'symbol':
      case 'bigint':
        return this.fail(UNSUPPORTED_PRIMITIVES[kind]);
      case 'undefined':
        // Properties holding undefined are dropped before reaching here; this is an array item.
        return this.fail(UNDEFINED_IN_ARRAY_REASON);
    }
    if (value === null) return null;
    return this.encodeObject(value as object, depth);
  }

  private encodeObject(value: object, depth: number): unknown {
    if (depth >= MAX_DEPTH) this.fail(TOO_DEEP_REASON);
    if (this.ancestors.has(value)) this.fail(CYCLE_REASON);
    this.ancestors.add(value);
    try {
      const proto = Object.getPrototypeOf(value) as object | null;
      if (proto === Array.prototype) return this.encodeArray(value as unknown[], depth);
      if (proto === Object.prototype || proto === null) return this.encodeProperties(value, depth);
      return this.encodeInstance(value, proto, depth);
    } finally {
      this.ancestors.delete(value);
    }
  }

  private encodeInstance(value: object, proto: object, depth: number): unknown {
    const classification = classifyClass(prototypeChainNames(proto));
    switch (classification.kind) {
      case 'unsupported':
        return this.fail(classification.reason);
      case 'revived': {
        // REVIVED_BUILTINS holds only Date.
        const time = (value as Date).getTime();
        if (Number.isNaN(time)) this.fail(INVALID_DATE_REASON);
        if (this.mode.kind === 'stamp' && !this.mode.datesAllowed) this.fail(STAMP_DATE_REASON);
        this.record(classification.name);
        return (value as Date).toISOString();
      }
      case 'class': {
        if (this.mode.kind === 'stamp') return this.fail(stampClassInstanceReason(classification.name));
        // The class must own its prototype: the receiving side rebuilds exactly that class.
        const cls = Object.hasOwn(proto, 'constructor')
          ? (proto as { constructor: MessageClass }).constructor
          : undefined;
        // The message's own class travels in the `type` header; the process that decodes it
        // has it registered (it has a handler for it). Nested instances must be registered here,
        // or nothing could rebuild them.
        if (this.path.length === 0 && cls !== undefined) {
          this.refusePrivateFields(value);
          return this.encodeProperties(value, depth);
        }
        if (cls === undefined || !this.mode.types.has(cls)) {
          return this.fail(
            this.path.length === 0
              ? unregisteredMessageReason(classification.name)
              : unregisteredClassReason(classification.name),
          );
        }
        this.refusePrivateFields(value);
        this.record(this.mode.types.nameOf(cls));
        return this.encodeProperties(value, depth);
      }
    }
  }

  /** `#private` fields are not properties: JSON would drop them without a word, so they are refused. */
  private refusePrivateFields(value: object): void {
    const [name] = privateFieldNames(value);
    if (name === undefined) return;
    this.path.push(name);
    this.fail(PRIVATE_FIELD_REASON);
  }

  private encodeArray(items: readonly unknown[], depth: number): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      this.path.push(i);
      out.push(this.encodeValue(items[i], depth + 1));
      this.path.pop();
    }
    return out;
  }

  private encodeProperties(value: object, depth: number): Record<string, unknown> {
    if (Object.getOwnPropertySymbols(value).some((s) => Object.prototype.propertyIsEnumerable.call(value, s))) {
      this.fail(SYMBOL_KEY_REASON);
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      this.path.push(key);
      if (isForbiddenKey(key)) this.fail(forbiddenKeyReason(key));
      const item = (value as Record<string, unknown>)[key];
      // An undefined property is an absent optional one: leaving it out brings it back as undefined.
      if (item !== undefined) {
        Object.defineProperty(out, key, {
          value: this.encodeValue(item, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      this.path.pop();
    }
    return out;
  }

  private record(typeName: string): void {
    if (this.mode.kind === 'message' && this.path.length > 0) this.typeMap.set(typePath(this.path), typeName);
  }
}

/** Class names from a prototype up to (not including) Object.prototype, most derived first. */
function prototypeChainNames(proto: object): string[] {
  const names: string[] = [];
  for (
    let p: object | null = proto;
    p !== null && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    const ctor = Object.hasOwn(p, 'constructor') ? (p as { constructor: unknown }).constructor : undefined;
    names.push(typeof ctor === 'function' ? ctor.name : '');
  }
  return names;
}
