import { Stamp } from './Stamp.js';

/** Marks a message as living in a failure transport, remembering the transport it failed on. */
export class SentToFailureTransportStamp extends Stamp {
  constructor(readonly originalReceiverName: string) {
    super();
  }
}
