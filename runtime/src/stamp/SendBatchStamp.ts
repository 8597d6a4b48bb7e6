import type { SendBatch } from '../bus/SendBatch.js';
import { NonSendableStamp } from './Stamp.js';

/** Marks a message of dispatchMany(): send_message sends it with the others of `batch`, in one sendMany() per transport. */
export class SendBatchStamp extends NonSendableStamp {
  constructor(
    readonly batch: SendBatch,
    /** Its place among the messages given to dispatchMany(). */
    readonly index: number,
  ) {
    super();
  }
}
