import { InvalidArgumentException } from './MessengerException.js';

/** An encoded envelope could not be turned back into a message; the reason is in the message. */
export class MessageDecodingFailedException extends InvalidArgumentException {}
