import { NonSendableStamp } from '../../stamp/Stamp.js';

/** The row a received message came from: what ack() and reject() delete. */
export class DoctrineReceivedStamp extends NonSendableStamp {
  constructor(readonly id: string) {
    super();
  }
}
