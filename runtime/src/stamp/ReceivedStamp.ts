import { NonSendableStamp } from './Stamp.js';

/** Marks a message as received from a transport: it is handled, not sent again. */
export class ReceivedStamp extends NonSendableStamp {
  constructor(readonly transportName: string) {
    super();
  }
}
