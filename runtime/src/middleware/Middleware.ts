import type { Envelope } from '../Envelope.js';

/**
 * A layer of the bus. Call `stack.next().handle(envelope, stack)` to continue; return
 * without calling it to stop the chain.
 */
export interface Middleware {
  handle(envelope: Envelope, stack: Stack): Promise<Envelope>;
}

export interface Stack {
  /** The next middleware; past the last one, a middleware that returns the envelope as is. */
  next(): Middleware;
  /** True once the chain reached its end (every middleware called the next one); absent when the stack cannot tell. */
  readonly ended?: boolean;
}

/** Adapts a function to the Middleware interface: `middleware(async (envelope, stack) => …)`. */
export function middleware(handle: (envelope: Envelope, stack: Stack) => Promise<Envelope>): Middleware {
  return { handle };
}
