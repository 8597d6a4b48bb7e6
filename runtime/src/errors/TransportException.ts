import { RuntimeException } from './MessengerException.js';

/** A transport could not send, receive, acknowledge or reject (broker down, bad credentials…). */
export class TransportException extends RuntimeException {}
