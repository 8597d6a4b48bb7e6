import type { Envelope } from '../Envelope.js';
import { HandlerFailedException } from '../errors/HandlerFailedException.js';
import { LogicException } from '../errors/MessengerException.js';
import { NoHandlerForMessageException } from '../errors/NoHandlerForMessageException.js';
import { Acknowledger } from '../handler/Acknowledger.js';
import type { HandlerDescriptor } from '../handler/HandlerDescriptor.js';
import type { HandlersLocator } from '../handler/HandlersLocator.js';
import { messageTypeName } from '../message/messageTypeName.js';
import { AckStamp } from '../stamp/AckStamp.js';
import { FlushBatchHandlersStamp } from '../stamp/FlushBatchHandlersStamp.js';
import { HandledStamp } from '../stamp/HandledStamp.js';
import { NoAutoAckStamp } from '../stamp/NoAutoAckStamp.js';
import { isThenable } from '../support/isThenable.js';
import type { Middleware, Stack } from './Middleware.js';
import { StackMiddleware } from './StackMiddleware.js';

/**
 * Calls the message's handlers in priority order (`handle_message`). When some fail, the
 * others still run; the failures are thrown together in a HandlerFailedException whose
 * envelope carries the successful handlers' HandledStamps, so a retry skips them.
 *
 * Handlers run one after the other. A synchronous handler is called without an extra await:
 * promises are the main cost of a dispatch. Batch handlers (received by a worker, which adds
 * an AckStamp) and batch flushes take a separate, asynchronous path.
 */
export class HandleMessageMiddleware implements Middleware {
  constructor(
    private readonly handlersLocator: HandlersLocator,
    private readonly allowNoHandlers = false,
  ) {}

  handle(envelope: Envelope, stack: Stack): Promise<Envelope> {
    // The envelope so far and the failures so far: locals, not a state object, on this hot path.
    let handled = envelope;
    let failures: Failures | undefined;
    const handlers = this.handlersLocator.getHandlers(envelope);
    let alreadyHandled = false;
    let called = 0;
    for (let i = 0; i < handlers.length; i++) {
      const descriptor = handlers[i]!;
      if (hasBeenHandledBy(handled, descriptor)) {
        alreadyHandled = true;
        continue;
      }
      called++;
      if (descriptor.batchHandler !== undefined && envelope.last(AckStamp) !== undefined)
        return this.finishAsync({ envelope: handled, failures }, handlers, i, undefined, stack);
      let result: unknown;
      try {
        result = descriptor.handler(envelope.message);
      } catch (error) {
        failures = withFailure(failures, descriptor, error);
        continue;
      }
      if (isThenable(result)) {
        // The usual case, one async handler: a single reaction instead of an async function.
        if (i === handlers.length - 1 && descriptor.batchHandler === undefined) {
          if (
            stack instanceof StackMiddleware &&
            stack.isAtLastMiddleware() &&
            envelope.last(FlushBatchHandlersStamp) === undefined
          )
            return endWhenDone(result, handled, failures, descriptor, stack);
          return this.settleWhenDone(result, handled, failures, descriptor, stack);
        }
        return this.finishAsync({ envelope: handled, failures }, handlers, i, result, stack);
      }
      handled = withResult(handled, descriptor, result);
    }
    if (called === 0 && !alreadyHandled && !this.allowNoHandlers) {
      return Promise.reject(
        new NoHandlerForMessageException(`No handler for message "${messageTypeName(envelope.message)}".`),
      );
    }
    return this.next(handled, failures, stack);
  }

  /** The last handler's pending result, settled in one reaction (its closures share this call's parameters). */
  private settleWhenDone(
    result: PromiseLike<unknown>,
    handled: Envelope,
    failures: Failures | undefined,
    descriptor: HandlerDescriptor,
    stack: Stack,
  ): Promise<Envelope> {
    return Promise.resolve(result).then(
      (value) => this.settle(withResult(handled, descriptor, value), failures, stack),
      (error: unknown) => this.settle(handled, withFailure(failures, descriptor, error), stack),
    );
  }

  /** Continues from handler `index`, whose result is pending (or which is a batch handler not called yet). */
  private async finishAsync(
    state: HandlingState,
    handlers: readonly HandlerDescriptor[],
    index: number,
    pending: PromiseLike<unknown> | undefined,
    stack: Stack,
  ): Promise<Envelope> {
    for (let i = index; i < handlers.length; i++) {
      const descriptor = handlers[i]!;
      if (i > index && hasBeenHandledBy(state.envelope, descriptor)) continue;
      try {
        if (i === index && pending !== undefined) succeed(state, descriptor, await pending);
        else await this.call(state, descriptor);
      } catch (error) {
        fail(state, descriptor, error);
      }
    }
    return this.next(state.envelope, state.failures, stack);
  }

  private async call(state: HandlingState, descriptor: HandlerDescriptor): Promise<void> {
    const ackStamp = descriptor.batchHandler === undefined ? undefined : state.envelope.last(AckStamp);
    if (ackStamp === undefined) {
      succeed(state, descriptor, await descriptor.handler(state.envelope.message));
      return;
    }
    const envelope = state.envelope;
    const ack = new Acknowledger(descriptor.batchHandler!.constructor.name, (error, result) => {
      if (error !== undefined)
        ackStamp.ack(envelope, new HandlerFailedException(envelope, new Map([[descriptor.name, error]])));
      else ackStamp.ack(withResult(envelope, descriptor, result));
    });
    let result = await descriptor.handler(envelope.message, ack);
    if (typeof result !== 'number' || !Number.isInteger(result) || result < 0) {
      throw new LogicException(
        `A batch handler must return the size of the current batch as an integer >= 0, ${descriptor.name} returned ${String(result)}.`,
      );
    }
    if (!ack.isAcknowledged()) state.envelope = state.envelope.with(new NoAutoAckStamp(descriptor));
    else if (ack.isFailed()) throw ack.getError();
    else result = ack.getResult();
    succeed(state, descriptor, result);
  }

  /** next(), from a promise reaction: the envelope itself at the end of the chain, a failure thrown (no promise to adopt). */
  private settle(envelope: Envelope, failures: Failures | undefined, stack: Stack): Envelope | Promise<Envelope> {
    if (envelope.last(FlushBatchHandlersStamp) === undefined) {
      if (failures !== undefined) throw new HandlerFailedException(envelope, failures);
      if (stack instanceof StackMiddleware) {
        const ended = stack.endIfLast(envelope);
        if (ended !== undefined) return ended;
      }
    }
    return this.next(envelope, failures, stack);
  }

  // The envelope and failures as parameters, not a state object: a synchronous handler's
  // dispatch ends here, and allocates nothing for it.
  private next(envelope: Envelope, failures: Failures | undefined, stack: Stack): Promise<Envelope> {
    const flush = envelope.last(FlushBatchHandlersStamp);
    if (flush !== undefined) return this.flushBatches({ envelope, failures }, flush.force, stack);
    if (failures !== undefined) return Promise.reject(new HandlerFailedException(envelope, failures));
    return stack.next().handle(envelope, stack);
  }

  /** The worker asks the batch handlers holding this message to process their batch. */
  private async flushBatches(state: HandlingState, force: boolean, stack: Stack): Promise<Envelope> {
    for (const stamp of state.envelope.all(NoAutoAckStamp)) {
      try {
        await stamp.handlerDescriptor.batchHandler?.flush(force);
      } catch (error) {
        fail(state, stamp.handlerDescriptor, error);
      }
    }
    if (state.failures !== undefined) throw new HandlerFailedException(state.envelope, state.failures);
    return stack.next().handle(state.envelope, stack);
  }
}

/**
 * The last handler's pending result, when nothing comes after this middleware: its reaction ends
 * the chain itself, telling the stack (and whoever observes it), with no promise to adopt.
 */
function endWhenDone(
  result: PromiseLike<unknown>,
  handled: Envelope,
  failures: Failures | undefined,
  descriptor: HandlerDescriptor,
  stack: StackMiddleware,
): Promise<Envelope> {
  stack.settleInReaction();
  return Promise.resolve(result).then(
    (value) =>
      failures === undefined
        ? stack.end(withResult(handled, descriptor, value))
        : stack.fail(new HandlerFailedException(withResult(handled, descriptor, value), failures)),
    (error: unknown) => stack.fail(new HandlerFailedException(handled, withFailure(failures, descriptor, error))),
  );
}

/** Each failed handler's error, by handler name. */
type Failures = Map<string, unknown>;

interface HandlingState {
  envelope: Envelope;
  failures: Failures | undefined;
}

function succeed(state: HandlingState, descriptor: HandlerDescriptor, result: unknown): void {
  state.envelope = withResult(state.envelope, descriptor, result);
}

/** The envelope with what this handler returned (the HandledStamp a retry goes by). */
function withResult(envelope: Envelope, descriptor: HandlerDescriptor, result: unknown): Envelope {
  return envelope.withStamp(
    result === undefined ? descriptor.handledWithoutResult : new HandledStamp(result, descriptor.name),
  );
}

function fail(state: HandlingState, descriptor: HandlerDescriptor, error: unknown): void {
  state.failures = withFailure(state.failures, descriptor, error);
}

function withFailure(failures: Failures | undefined, descriptor: HandlerDescriptor, error: unknown): Failures {
  return (failures ?? new Map()).set(descriptor.name, error);
}

function hasBeenHandledBy(envelope: Envelope, descriptor: HandlerDescriptor): boolean {
  // Most messages have no HandledStamp yet: check that first, without building a list.
  return (
    envelope.last(HandledStamp) !== undefined &&
    envelope.all(HandledStamp).some((stamp) => stamp.handlerName === descriptor.name)
  );
}
