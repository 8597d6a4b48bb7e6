import { RuntimeException } from './MessengerException.js';

/** Throw it from a handler when the failure is temporary: the message is always retried, ignoring max_retries. */
export class RecoverableMessageHandlingException extends RuntimeException {
  constructor(
    message: string,
    options?: { cause?: unknown; retryDelay?: number },
  ) {
    super(message, options);
    this.retryDelay = options?.retryDelay;
  }

  /** Milliseconds to wait before the retry, overriding the retry strategy. */
  readonly retryDelay: number | undefined;
}
