import type { Envelope } from '../Envelope.js';
import type { Middleware, Stack } from './Middleware.js';

/** The cursor through a bus's middleware for one dispatch; it is also the end of the chain. */
export class StackMiddleware implements Middleware, Stack {
  private offset = 0;
  ended = false;

  constructor(private readonly middleware: readonly Middleware[]) {}

  next(): Middleware {
    return this.offset < this.middleware.length ? this.middleware[this.offset++]! : this;
  }

  handle(envelope: Envelope): Promise<Envelope> {
    this.ended = true;
    return Promise.resolve(envelope);
  }
}
