import { Stamp } from './Stamp.js';
import { stringField, type StampJson } from './stampJson.js';

/** Marks a message as living in a failure transport, remembering the transport it failed on. */
export class SentToFailureTransportStamp extends Stamp {
  constructor(readonly originalReceiverName: string) {
    super();
  }

  static fromJSON(json: StampJson): SentToFailureTransportStamp {
    return new SentToFailureTransportStamp(stringField(json, 'originalReceiverName'));
  }
}
