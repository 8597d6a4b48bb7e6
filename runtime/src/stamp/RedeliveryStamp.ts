import type { Envelope } from '../Envelope.js';
import { Stamp } from './Stamp.js';
import { dateField, integerField, type StampJson } from './stampJson.js';

/** Counts how many times a message was retried, and when it was last redelivered. */
export class RedeliveryStamp extends Stamp {
  readonly redeliveredAt: Date;

  constructor(
    readonly retryCount: number,
    redeliveredAt: Date = new Date(),
  ) {
    super();
    this.redeliveredAt = redeliveredAt;
  }

  static getRetryCountFromEnvelope(envelope: Envelope): number {
    return envelope.last(RedeliveryStamp)?.retryCount ?? 0;
  }

  static fromJSON(json: StampJson): RedeliveryStamp {
    return new RedeliveryStamp(integerField(json, 'retryCount', 0), dateField(json, 'redeliveredAt'));
  }
}
