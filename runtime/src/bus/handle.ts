import type { Envelope } from '../Envelope.js';
import { LogicException } from '../errors/MessengerException.js';
import { messageTypeName } from '../message/messageTypeName.js';
import { HandledStamp } from '../stamp/HandledStamp.js';
import type { Stamp } from '../stamp/Stamp.js';
import type { MessageBusInterface } from './MessageBus.js';

/**
 * Dispatches a message and returns what its one handler returned (Symfony's HandleTrait),
 * typically for queries: `const count = await handle<number>(queryBus, new GetUserCount())`.
 * Throws if the message was handled zero times (e.g. it was routed to an async transport) or
 * by more than one handler.
 */
export async function handle<R = unknown>(
  bus: MessageBusInterface,
  message: object | Envelope,
  stamps: readonly Stamp[] = [],
): Promise<R> {
  const envelope = await bus.dispatch(message, stamps);
  const handled = envelope.all(HandledStamp);
  const type = messageTypeName(envelope.message);
  if (handled.length === 0) {
    throw new LogicException(
      `Message of type "${type}" was handled zero times. Exactly one handler is expected when using handle().`,
    );
  }
  if (handled.length > 1) {
    const names = handled.map((s) => `"${s.handlerName}"`).join(', ');
    throw new LogicException(
      `Message of type "${type}" was handled multiple times. Only one handler is expected when using handle(), got ${handled.length}: ${names}.`,
    );
  }
  return handled[0]!.result as R;
}
