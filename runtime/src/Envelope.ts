import type { InspectOptions, InspectOptionsStylized } from 'node:util';
import type { Stamp, StampClass } from './stamp/Stamp.js';

/**
 * Wraps a message with its stamps. Immutable: every `with…` returns a new envelope.
 *
 * Every middleware adds stamps, so `with()` is on the hot path of a dispatch. The stamps are a
 * persistent list, newest first, and each envelope is a node of it: it holds the stamp it added
 * and the envelope that had the older ones. Adding a stamp allocates one object and copies nothing.
 */
export class Envelope<M extends object = object> {
  // Declared, set in the constructor: see StackMiddleware for why not class fields.
  /**
   * Always undefined: an envelope is not a thenable. A promise resolved with an object looks
   * `then` up on it, and every dispatch resolves with an envelope. Found on the envelope itself,
   * that lookup is the cheapest it can be: on its prototype (as before), it cost a dispatch 45
   * more instructions, and the bus 4% of its speed with an async handler, 10% with a sync one.
   */
  // biome-ignore lint/suspicious/noThenProperty: undefined on purpose, see above.
  declare readonly then: undefined;
  declare readonly message: M;
  /** The newest stamp; undefined only on an envelope without stamps. */
  declare private readonly stamp: Stamp | undefined;
  /** The envelope holding the older stamps; undefined when there are none. */
  declare private readonly previous: Envelope<M> | undefined;
  /**
   * The stamp's class, read once here: last() compares it on every node it walks, and reading
   * `constructor` off stamps of many classes is a slow (megamorphic) property load.
   */
  declare private readonly stampClass: Function | undefined;

  private constructor(message: M, stamp: Stamp | undefined, previous: Envelope<M> | undefined) {
    this.message = message;
    this.stamp = stamp;
    this.previous = previous;
    this.stampClass = stamp?.constructor;
    // biome-ignore lint/suspicious/noThenProperty: see the field.
    this.then = undefined;
  }

  /** Wraps a message (or returns the envelope given) and adds the stamps. */
  static wrap<M extends object>(message: M | Envelope<M>, stamps: readonly Stamp[] = NO_STAMPS): Envelope<M> {
    if (message instanceof Envelope) return stamps.length === 0 ? message : message.with(...stamps);
    if (message === null || typeof message !== 'object') throw notAMessage(message);
    return stamps.length === 0 ? new Envelope(message, undefined, undefined) : Envelope.of(message, stamps);
  }

  /** An envelope with these stamps (at least one), oldest first. */
  private static of<M extends object>(message: M, stamps: readonly Stamp[], onto?: Envelope<M>): Envelope<M> {
    let envelope = onto?.stamp === undefined ? undefined : onto;
    for (const stamp of stamps) envelope = new Envelope(message, stamp, envelope);
    return envelope ?? new Envelope(message, undefined, undefined);
  }

  getMessage(): M {
    return this.message;
  }

  with(...stamps: Stamp[]): Envelope<M> {
    return stamps.length === 0 ? this : Envelope.of(this.message, stamps, this);
  }

  /** with() for one stamp, without the array a rest parameter allocates: for the middleware's hot path. */
  withStamp(stamp: Stamp): Envelope<M> {
    return new Envelope(this.message, stamp, this.stamp === undefined ? undefined : this);
  }

  /** Removes every stamp of exactly this class. */
  withoutAll(stampClass: StampClass): Envelope<M> {
    return this.keep((s) => s.constructor !== stampClass);
  }

  /** Removes every stamp that is an instance of this class or one of its subclasses. */
  withoutStampsOfType(type: StampClass): Envelope<M> {
    return this.keep((s) => !(s instanceof type));
  }

  /** The stamp of this class added last, if any. */
  last<S extends Stamp>(stampClass: StampClass<S>): S | undefined {
    // The newest node before the loop: a dispatch mostly asks envelopes of one or two stamps, and
    // on one just made V8 answers this check from what it knows of the new object.
    if (this.stampClass === stampClass) return this.stamp as S;
    for (let node = this.previous; node !== undefined; node = node.previous) {
      if (node.stampClass === stampClass) return node.stamp as S;
    }
    return undefined;
  }

  /** The stamps of this class, oldest first. */
  all<S extends Stamp>(stampClass: StampClass<S>): S[];
  /** Every stamp, grouped by class, oldest first within each class. */
  all(): Map<StampClass, Stamp[]>;
  all<S extends Stamp>(stampClass?: StampClass<S>): S[] | Map<StampClass, Stamp[]> {
    if (stampClass !== undefined) return this.allStamps().filter((s) => s.constructor === stampClass) as S[];
    const grouped = new Map<StampClass, Stamp[]>();
    for (const stamp of this.allStamps()) {
      const cls = stamp.constructor as StampClass;
      const list = grouped.get(cls);
      if (list) list.push(stamp);
      else grouped.set(cls, [stamp]);
    }
    return grouped;
  }

  /**
   * Every stamp in the order it was added. Built on each call, not kept: few envelopes are asked
   * (one to encode), and a field for it would cost every envelope of every dispatch 8 bytes.
   */
  allStamps(): readonly Stamp[] {
    const stamps: Stamp[] = [];
    for (let node: Envelope<M> | undefined = this; node?.stamp !== undefined; node = node.previous)
      stamps.push(node.stamp);
    return stamps.reverse();
  }

  private keep(predicate: (stamp: Stamp) => boolean): Envelope<M> {
    return Envelope.of(this.message, this.allStamps().filter(predicate));
  }

  /** What console.log() shows: the message and its stamps in order, not the nodes of the list. */
  [Symbol.for('nodejs.util.inspect.custom')](depth: number, options: InspectOptionsStylized, inspect: Inspect): string {
    if (depth < 0) return options.stylize('[Envelope]', 'special');
    // With the depth left at the envelope's level: the object shown stands for it, not below it.
    return `Envelope ${inspect({ message: this.message, stamps: this.allStamps() }, { ...options, depth })}`;
  }
}

type Inspect = (value: unknown, options: InspectOptions) => string;

// Out of wrap(), which every dispatch runs: a smaller function is one V8 inlines.
function notAMessage(value: unknown): TypeError {
  return new TypeError(
    `A message must be an object (an instance of a message class), got ${value === null ? 'null' : typeof value}.`,
  );
}

/** The stamps of a dispatch given none: shared, so a default argument allocates nothing. */
export const NO_STAMPS: readonly Stamp[] = Object.freeze([]);
