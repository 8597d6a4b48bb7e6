import type { Envelope } from '../Envelope.js';
import { errorClassName, errorMessage } from '../support/errorMessage.js';
import { RuntimeException } from './MessengerException.js';

/**
 * Messages held back with DispatchAfterCurrentBusStamp failed once the outer dispatch completed.
 * The message lists every failure as `<class>: <message>`, worded as Symfony words it.
 */
export class DelayedMessageHandlingException extends RuntimeException {
  constructor(
    readonly exceptions: readonly unknown[],
    readonly envelope: Envelope | undefined,
  ) {
    const failures = exceptions.map((error) => `${errorClassName(error)}: ${errorMessage(error)}`).join(', \n');
    const head =
      exceptions.length === 1
        ? 'A delayed message handler threw an exception'
        : 'Some delayed message handlers threw an exception';
    super(`${head}: \n\n${failures}`, { cause: exceptions[0] });
  }
}
