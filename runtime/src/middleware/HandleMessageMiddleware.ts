import type { Envelope } from '../Envelope.js';
import { HandlerFailedException } from '../errors/HandlerFailedException.js';
import { NoHandlerForMessageException } from '../errors/NoHandlerForMessageException.js';
import type { HandlerDescriptor } from '../handler/HandlerDescriptor.js';
import type { HandlersLocator } from '../handler/HandlersLocator.js';
import { messageTypeName } from '../message/messageTypeName.js';
import { HandledStamp } from '../stamp/HandledStamp.js';
import type { Middleware, Stack } from './Middleware.js';

/**
 * Calls the message's handlers in priority order (`handle_message`). When some fail, the
 * others still run; the failures are thrown together in a HandlerFailedException whose
 * envelope carries the successful handlers' HandledStamps, so a retry skips them.
 *
 * Handlers run one after the other. A synchronous handler is called without an extra await:
 * promises are the main cost of a dispatch.
 */
export class HandleMessageMiddleware implements Middleware {
  constructor(
    private readonly handlersLocator: HandlersLocator,
    private readonly allowNoHandlers = false,
  ) {}

  handle(envelope: Envelope, stack: Stack): Promise<Envelope> {
    const state: HandlingState = { envelope, failures: undefined };
    const handlers = this.handlersLocator.getHandlers(envelope);
    let alreadyHandled = false;
    let called = 0;
    for (let i = 0; i < handlers.length; i++) {
      const descriptor = handlers[i]!;
      if (hasBeenHandledBy(state.envelope, descriptor)) {
        alreadyHandled = true;
        continue;
      }
      called++;
      let result: unknown;
      try {
        result = descriptor.handler(envelope.message);
      } catch (error) {
        fail(state, descriptor, error);
        continue;
      }
      if (isThenable(result)) return this.finishAsync(state, handlers, i, result, stack);
      succeed(state, descriptor, result);
    }
    if (called === 0 && !alreadyHandled && !this.allowNoHandlers) {
      return Promise.reject(new NoHandlerForMessageException(`No handler for message "${messageTypeName(envelope.message)}".`));
    }
    return this.next(state, stack);
  }

  /** Continues from handler `index`, whose result is pending. */
  private async finishAsync(state: HandlingState, handlers: readonly HandlerDescriptor[], index: number, pending: PromiseLike<unknown>, stack: Stack): Promise<Envelope> {
    try {
      succeed(state, handlers[index]!, await pending);
    } catch (error) {
      fail(state, handlers[index]!, error);
    }
    for (let i = index + 1; i < handlers.length; i++) {
      const descriptor = handlers[i]!;
      if (hasBeenHandledBy(state.envelope, descriptor)) continue;
      try {
        succeed(state, descriptor, await descriptor.handler(state.envelope.message));
      } catch (error) {
        fail(state, descriptor, error);
      }
    }
    return this.next(state, stack);
  }

  private next(state: HandlingState, stack: Stack): Promise<Envelope> {
    if (state.failures !== undefined) return Promise.reject(new HandlerFailedException(state.envelope, state.failures));
    return stack.next().handle(state.envelope, stack);
  }
}

interface HandlingState {
  envelope: Envelope;
  failures: Map<string, unknown> | undefined;
}

function succeed(state: HandlingState, descriptor: HandlerDescriptor, result: unknown): void {
  state.envelope = state.envelope.with(new HandledStamp(result, descriptor.name));
}

function fail(state: HandlingState, descriptor: HandlerDescriptor, error: unknown): void {
  (state.failures ??= new Map()).set(descriptor.name, error);
}

function hasBeenHandledBy(envelope: Envelope, descriptor: HandlerDescriptor): boolean {
  // Most messages have no HandledStamp yet: check that first, without building a list.
  return envelope.last(HandledStamp) !== undefined && envelope.all(HandledStamp).some((stamp) => stamp.handlerName === descriptor.name);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
