import { NonSendableStamp } from './Stamp.js';

/** The body a message was decoded from, reused when it is sent again (a retry) instead of encoding twice. */
export class SerializedMessageStamp extends NonSendableStamp {
  constructor(
    readonly serializedMessage: string,
    /** The X-Message-Types header that describes this body (see JsonSerializer), if it had one. */
    readonly typeMap?: string,
  ) {
    super();
  }
}
