import { NonSendableStamp } from './Stamp.js';

/**
 * When a received message became available to consumers (sent, or due after its delay), as its
 * transport recorded it: the worker reports how long the message waited. Added by get() of
 * transports that declare `capabilities.monitoring`; never sent.
 */
export class AvailableAtStamp extends NonSendableStamp {
  /** `at`: milliseconds since the epoch. */
  constructor(readonly at: number) {
    super();
  }
}
