import { NonSendableStamp } from './Stamp.js';

/**
 * Dispatched inside a handler, the message is held back until the handler's dispatch
 * succeeds, and dropped if it fails.
 */
export class DispatchAfterCurrentBusStamp extends NonSendableStamp {}
