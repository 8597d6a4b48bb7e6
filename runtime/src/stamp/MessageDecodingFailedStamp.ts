import type { MessageDecodingFailedException } from '../errors/MessageDecodingFailedException.js';
import { NonSendableStamp } from './Stamp.js';

/**
 * The received message could not be decoded: the envelope carries an UndecodableMessage
 * (the raw body and headers) instead. The worker fails it with `error` without handling it,
 * so it reaches the failure transport intact.
 */
export class MessageDecodingFailedStamp extends NonSendableStamp {
  constructor(readonly error: MessageDecodingFailedException) {
    super();
  }
}
