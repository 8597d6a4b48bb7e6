import { RuntimeException } from './MessengerException.js';

/** Throw it from a handler to stop the worker after the current message. */
export class StopWorkerException extends RuntimeException {
  constructor(message = 'Worker should stop.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
