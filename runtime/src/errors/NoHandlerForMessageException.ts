import { LogicException } from './MessengerException.js';

/** A message reached `handle_message` on a bus that requires a handler, and none was registered. */
export class NoHandlerForMessageException extends LogicException {}
