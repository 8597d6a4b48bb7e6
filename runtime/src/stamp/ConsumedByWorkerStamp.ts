import { NonSendableStamp } from './Stamp.js';

/** Marks a message as being handled by a worker (as opposed to a direct dispatch). */
export class ConsumedByWorkerStamp extends NonSendableStamp {}
