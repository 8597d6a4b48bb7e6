import { LogicException } from '../errors/MessengerException.js';

/**
 * Given to a batch handler with each message: call `ack(result)` or `nack(error)` exactly once,
 * when the message's batch has been processed.
 */
export class Acknowledger {
  private callback: ((error: unknown, result: unknown) => void) | undefined;
  private failed = false;
  private error: unknown;
  private result: unknown;

  constructor(
    private readonly handlerClass: string,
    ack?: (error: unknown, result: unknown) => void,
  ) {
    this.callback = ack ?? (() => {});
  }

  ack(result?: unknown): void {
    this.done(false, undefined, result);
  }

  nack(error: unknown): void {
    this.done(true, error, undefined);
  }

  /** The error given to nack(), if any. */
  getError(): unknown {
    return this.error;
  }

  isFailed(): boolean {
    return this.failed;
  }

  getResult(): unknown {
    return this.result;
  }

  isAcknowledged(): boolean {
    return this.callback === undefined;
  }

  private done(failed: boolean, error: unknown, result: unknown): void {
    const callback = this.callback;
    if (callback === undefined)
      throw new LogicException(`The acknowledger cannot be called twice by the "${this.handlerClass}" batch handler.`);
    this.callback = undefined;
    this.failed = failed;
    this.error = error;
    this.result = result;
    callback(failed ? error : undefined, result);
  }
}
