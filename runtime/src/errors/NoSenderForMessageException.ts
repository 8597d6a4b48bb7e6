import { LogicException } from './MessengerException.js';

export class NoSenderForMessageException extends LogicException {}
