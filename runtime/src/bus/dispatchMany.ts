import { Envelope } from '../Envelope.js';
import { SendBatchStamp } from '../stamp/SendBatchStamp.js';
import type { Stamp } from '../stamp/Stamp.js';
import type { MessageBusInterface } from './MessageBus.js';
import { SendBatch } from './SendBatch.js';

/** Dispatches each message on `bus`, its sends to transports batched (see Messenger.dispatchMany()). */
export async function dispatchMany<M extends object>(
  bus: MessageBusInterface,
  messages: ReadonlyArray<M | Envelope<M>>,
  stamps: readonly Stamp[] = [],
): Promise<Array<Envelope<M>>> {
  const batch = new SendBatch(messages.length);
  const dispatches = messages.map((message, index) => {
    const envelope = Envelope.wrap(message, [...stamps, new SendBatchStamp(batch, index)]);
    return bus.dispatch(envelope).then(
      (dispatched) => {
        batch.arrive(index);
        return dispatched.withoutAll(SendBatchStamp);
      },
      (error: unknown) => {
        batch.arrive(index);
        throw error;
      },
    );
  });
  const settled = await Promise.allSettled(dispatches);
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<Envelope<M>>).value);
}
