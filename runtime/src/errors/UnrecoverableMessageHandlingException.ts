import { RuntimeException } from './MessengerException.js';

/** Throw it from a handler when retrying cannot help: the message goes straight to the failure transport. */
export class UnrecoverableMessageHandlingException extends RuntimeException {}
