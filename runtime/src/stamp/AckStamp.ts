import type { Envelope } from '../Envelope.js';
import { NonSendableStamp } from './Stamp.js';

/** Lets a batch handler acknowledge a message after the dispatch returned (added by the worker). */
export class AckStamp extends NonSendableStamp {
  constructor(private readonly acknowledge: (envelope: Envelope, error?: unknown) => void) {
    super();
  }

  /** `error` set: the message failed (as the dispatch would have thrown it). */
  ack(envelope: Envelope, error?: unknown): void {
    this.acknowledge(envelope, error);
  }
}
