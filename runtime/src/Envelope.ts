import type { Stamp, StampClass } from './stamp/Stamp.js';

/** Stamps as a persistent list, newest first: `with()` adds one node and shares the rest. */
interface StampNode {
  readonly stamp: Stamp;
  readonly previous: StampNode | undefined;
}

/**
 * Wraps a message with its stamps. Immutable: every `with…` returns a new envelope.
 *
 * Every middleware adds stamps, so `with()` is on the hot path of a dispatch: envelopes share
 * their stamps with the envelope they were made from instead of copying them.
 */
export class Envelope<M extends object = object> {
  private ordered: readonly Stamp[] | undefined;

  private constructor(
    readonly message: M,
    private readonly newest: StampNode | undefined,
  ) {}

  /** Wraps a message (or returns the envelope given) and adds the stamps. */
  static wrap<M extends object>(message: M | Envelope<M>, stamps: readonly Stamp[] = NO_STAMPS): Envelope<M> {
    if (message instanceof Envelope) return stamps.length === 0 ? message : message.with(...stamps);
    if (message === null || typeof message !== 'object') {
      throw new TypeError(
        `A message must be an object (an instance of a message class), got ${message === null ? 'null' : typeof message}.`,
      );
    }
    return new Envelope(message, push(undefined, stamps));
  }

  getMessage(): M {
    return this.message;
  }

  with(...stamps: Stamp[]): Envelope<M> {
    return stamps.length === 0 ? this : new Envelope(this.message, push(this.newest, stamps));
  }

  /** with() for one stamp, without the array a rest parameter allocates: for the middleware's hot path. */
  withStamp(stamp: Stamp): Envelope<M> {
    return new Envelope(this.message, { stamp, previous: this.newest });
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
    for (let node = this.newest; node !== undefined; node = node.previous) {
      if (node.stamp.constructor === stampClass) return node.stamp as S;
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

  /** Every stamp in the order it was added. */
  allStamps(): readonly Stamp[] {
    if (this.ordered === undefined) {
      const stamps: Stamp[] = [];
      for (let node = this.newest; node !== undefined; node = node.previous) stamps.push(node.stamp);
      this.ordered = stamps.reverse();
    }
    return this.ordered;
  }

  private keep(predicate: (stamp: Stamp) => boolean): Envelope<M> {
    return new Envelope(this.message, push(undefined, this.allStamps().filter(predicate)));
  }
}

/** The stamps of a dispatch given none: shared, so a default argument allocates nothing. */
export const NO_STAMPS: readonly Stamp[] = Object.freeze([]);

function push(newest: StampNode | undefined, stamps: readonly Stamp[]): StampNode | undefined {
  let node = newest;
  for (const stamp of stamps) node = { stamp, previous: node };
  return node;
}
