import type { Envelope } from '../Envelope.js';
import { errorMessage } from '../support/errorMessage.js';
import { RuntimeException } from './MessengerException.js';

/** Messages held back with DispatchAfterCurrentBusStamp failed once the outer dispatch completed. */
export class DelayedMessageHandlingException extends RuntimeException {
  constructor(
    readonly exceptions: readonly unknown[],
    readonly envelope: Envelope | undefined,
  ) {
    const first = exceptions[0];
    const firstMessage = errorMessage(first);
    const head =
      exceptions.length === 1
        ? 'A delayed message handler threw an exception'
        : `${exceptions.length} delayed message handlers threw an exception`;
    super(`${head}: ${firstMessage}`, { cause: first });
  }
}
