import type { Envelope } from '../Envelope.js';
import { NonSendableStamp } from './Stamp.js';

/** Lets a batch handler acknowledge a message after the dispatch returned (added by the worker). */
export class AckStamp extends NonSendableStamp {
  private acknowledged = false;

  constructor(private readonly acknowledge: (envelope: Envelope, error?: unknown) => void) {
    super();
  }

  /** `error` set: the message failed (as the dispatch would have thrown it). */
  ack(envelope: Envelope, error?: unknown): void {
    this.acknowledged = true;
    this.acknowledge(envelope, error);
  }

  /** Whether ack() was called: the message's outcome is then known to the worker. */
  isAcknowledged(): boolean {
    return this.acknowledged;
  }
}
