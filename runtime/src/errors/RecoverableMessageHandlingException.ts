import { RuntimeException } from './MessengerException.js';

/** Throw it from a handler when the failure is temporary: the message is always retried, ignoring max_retries. */
export class RecoverableMessageHandlingException extends RuntimeException {
  constructor(message: string, options?: { cause?: unknown; retryDelay?: number }) {
    super(message, options);
    const delay = options?.retryDelay;
    // Whole milliseconds, as Symfony's int: delays become timestamps in the transports. An
    // exception must not throw while being built, so a delay that is not a number is ignored.
    this.retryDelay = delay === undefined || !Number.isFinite(delay) ? undefined : Math.max(0, Math.round(delay));
  }

  /** Milliseconds to wait before the retry, overriding the retry strategy. */
  readonly retryDelay: number | undefined;
}
