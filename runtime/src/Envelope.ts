import type { Stamp, StampClass } from './stamp/Stamp.js';

/**
 * Wraps a message with its stamps. Immutable: every `with…` returns a new envelope.
 *
 * Stamps are kept in one flat array in the order they were added: envelopes carry a handful
 * of stamps, and a linear scan is cheaper than copying a map on every `with()`.
 */
export class Envelope<M extends object = object> {
  private constructor(
    readonly message: M,
    private readonly stamps: readonly Stamp[],
  ) {}

  /** Wraps a message (or returns the envelope given) and adds the stamps. */
  static wrap<M extends object>(message: M | Envelope<M>, stamps: readonly Stamp[] = []): Envelope<M> {
    if (message instanceof Envelope) return stamps.length === 0 ? message : message.with(...stamps);
    if (message === null || typeof message !== 'object') {
      throw new TypeError(`A message must be an object (an instance of a message class), got ${message === null ? 'null' : typeof message}.`);
    }
    return new Envelope(message, stamps.slice());
  }

  getMessage(): M {
    return this.message;
  }

  with(...stamps: Stamp[]): Envelope<M> {
    if (stamps.length === 0) return this;
    return new Envelope(this.message, this.stamps.concat(stamps));
  }

  /** Removes every stamp of exactly this class. */
  withoutAll(stampClass: StampClass): Envelope<M> {
    return new Envelope(this.message, this.stamps.filter((s) => s.constructor !== stampClass));
  }

  /** Removes every stamp that is an instance of this class or one of its subclasses. */
  withoutStampsOfType(type: StampClass): Envelope<M> {
    return new Envelope(this.message, this.stamps.filter((s) => !(s instanceof type)));
  }

  /** The stamp of this class added last, if any. */
  last<S extends Stamp>(stampClass: StampClass<S>): S | undefined {
    for (let i = this.stamps.length - 1; i >= 0; i--) {
      if (this.stamps[i]!.constructor === stampClass) return this.stamps[i] as S;
    }
    return undefined;
  }

  /** The stamps of this class, oldest first. */
  all<S extends Stamp>(stampClass: StampClass<S>): S[];
  /** Every stamp, grouped by class, oldest first within each class. */
  all(): Map<StampClass, Stamp[]>;
  all<S extends Stamp>(stampClass?: StampClass<S>): S[] | Map<StampClass, Stamp[]> {
    if (stampClass !== undefined) return this.stamps.filter((s) => s.constructor === stampClass) as S[];
    const grouped = new Map<StampClass, Stamp[]>();
    for (const stamp of this.stamps) {
      const cls = stamp.constructor as StampClass;
      const list = grouped.get(cls);
      if (list) list.push(stamp);
      else grouped.set(cls, [stamp]);
    }
    return grouped;
  }

  /** Every stamp in the order it was added. */
  allStamps(): readonly Stamp[] {
    return this.stamps;
  }
}
