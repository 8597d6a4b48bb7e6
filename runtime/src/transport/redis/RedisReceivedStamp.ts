import { NonSendableStamp } from '../../stamp/Stamp.js';

/** The stream entry a message came from: what ack() and reject() acknowledge (and delete). */
export class RedisReceivedStamp extends NonSendableStamp {
  constructor(
    readonly id: string,
    /** False for a message found by all()/find() (failed:*): never delivered to the group, so removing it deletes the entry. */
    readonly delivered = true,
  ) {
    super();
  }
}
