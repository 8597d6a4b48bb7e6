/**
 * A piece of metadata attached to an {@link Envelope}. Stamps are immutable value objects;
 * an envelope keeps them in the order they were added.
 *
 * Extend this class for your own stamps. If a stamp must travel through a transport, its
 * fields must be JSON-serializable and its class must be known to the receiving side
 * (see {@link AsStamp}).
 */
export abstract class Stamp {
  // A brand, so that arbitrary objects are not accepted where stamps are expected.
  declare private readonly __stampBrand: void;
}

/** Stamps that only make sense inside one process and are never encoded (Symfony's NonSendableStampInterface). */
export abstract class NonSendableStamp extends Stamp {
  declare private readonly __nonSendableBrand: void;
}

export type StampClass<S extends Stamp = Stamp> = abstract new (...args: never[]) => S;
