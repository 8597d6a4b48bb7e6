import { NonSendableStamp } from './Stamp.js';

/** Added by the send middleware for each transport the message was sent to. */
export class SentStamp extends NonSendableStamp {
  constructor(
    readonly senderClass: string,
    readonly senderAlias?: string,
  ) {
    super();
  }
}
