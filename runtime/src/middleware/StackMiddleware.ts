import type { Envelope } from '../Envelope.js';
import type { Middleware, Stack } from './Middleware.js';

/** The cursor through a bus's middleware for one dispatch; it is also the end of the chain. */
export class StackMiddleware implements Middleware, Stack {
  private offset = 0;
  ended = false;

  constructor(private readonly middleware: readonly Middleware[]) {}

  /**
   * Ends the chain when no middleware is left, returning the envelope itself: a middleware
   * finishing in a promise reaction returns it as is, without a promise to adopt. Undefined
   * when middleware remain.
   */
  endIfLast(envelope: Envelope): Envelope | undefined {
    if (this.offset < this.middleware.length) return undefined;
    this.ended = true;
    return envelope;
  }

  next(): Middleware {
    return this.offset < this.middleware.length ? this.middleware[this.offset++]! : this;
  }

  handle(envelope: Envelope): Promise<Envelope> {
    this.ended = true;
    return Promise.resolve(envelope);
  }
}
