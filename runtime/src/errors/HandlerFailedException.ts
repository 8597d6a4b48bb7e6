import type { Envelope } from '../Envelope.js';
import { messageTypeName } from '../message/messageTypeName.js';
import { errorCode, errorMessage } from '../support/errorMessage.js';
import { RuntimeException } from './MessengerException.js';

/**
 * One or more handlers of a message failed. The others still ran; `envelope` carries their
 * HandledStamps, so a retry only runs the handlers that failed.
 */
export class HandlerFailedException extends RuntimeException {
  /** The failures, keyed by handler name. */
  readonly exceptions: ReadonlyMap<string, unknown>;
  /** The first failure's code, as an integer (Symfony's `(int) $firstFailure->getCode()`). */
  readonly code: number;

  constructor(
    readonly envelope: Envelope,
    exceptions: ReadonlyMap<string, unknown>,
  ) {
    const failures = [...exceptions.values()];
    const first = failures[0];
    const firstMessage = errorMessage(first);
    const detail =
      failures.length === 1 ? firstMessage : `${failures.length} handlers failed. First failure is: ${firstMessage}`;
    super(`Handling "${messageTypeName(envelope.message)}" failed: ${detail}`, { cause: first });
    this.exceptions = exceptions;
    this.code = errorCode(first);
  }

  getEnvelope(): Envelope {
    return this.envelope;
  }

  /** The wrapped errors, optionally only those of a class. */
  getWrappedExceptions<E>(type?: abstract new (...args: never[]) => E): E[] {
    const all = [...this.exceptions.values()];
    return (type ? all.filter((e) => e instanceof type) : all) as E[];
  }
}
