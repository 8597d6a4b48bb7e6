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
 */
export class HandleMessageMiddleware implements Middleware {
  constructor(
    private readonly handlersLocator: HandlersLocator,
    private readonly allowNoHandlers = false,
  ) {}

  async handle(envelope: Envelope, stack: Stack): Promise<Envelope> {
    const message = envelope.message;
    let failures: Map<string, unknown> | undefined;
    let handled = false;
    let alreadyHandled = false;
    for (const descriptor of this.handlersLocator.getHandlers(envelope)) {
      if (hasBeenHandledBy(envelope, descriptor)) {
        alreadyHandled = true;
        continue;
      }
      handled = true;
      try {
        const result = await descriptor.handler(message);
        envelope = envelope.with(new HandledStamp(result, descriptor.name));
      } catch (error) {
        (failures ??= new Map()).set(descriptor.name, error);
      }
    }
    if (!handled && !alreadyHandled && !this.allowNoHandlers) {
      throw new NoHandlerForMessageException(`No handler for message "${messageTypeName(message)}".`);
    }
    if (failures !== undefined) throw new HandlerFailedException(envelope, failures);
    return stack.next().handle(envelope, stack);
  }
}

function hasBeenHandledBy(envelope: Envelope, descriptor: HandlerDescriptor): boolean {
  return envelope.all(HandledStamp).some((stamp) => stamp.handlerName === descriptor.name);
}
