import type { Envelope } from '../Envelope.js';
import type { Senders, SendersLocator } from '../routing/SendersLocator.js';
import { ReceivedStamp } from '../stamp/ReceivedStamp.js';
import { SendBatchStamp } from '../stamp/SendBatchStamp.js';
import { SentStamp } from '../stamp/SentStamp.js';
import type { Middleware, Stack } from './Middleware.js';

/**
 * Sends routed messages to their transports and stops there; unrouted messages go on to be
 * handled synchronously. Received messages are never sent again (`send_message`).
 */
export class SendMessageMiddleware implements Middleware {
  constructor(private readonly sendersLocator: SendersLocator) {}

  handle(envelope: Envelope, stack: Stack): Promise<Envelope> {
    // One call to the next middleware, the sending elsewhere: V8 inlines a small handle() into
    // the layers before, which the bus's every dispatch runs.
    if (envelope.last(ReceivedStamp) === undefined) {
      const senders = this.sendersLocator.getSenders(envelope);
      if (senders.length > 0) return this.sendTo(envelope, senders);
    }
    return stack.next().handle(envelope, stack);
  }

  private sendTo(envelope: Envelope, senders: Senders): Promise<Envelope> {
    const batch = envelope.last(SendBatchStamp);
    return batch === undefined
      ? this.send(envelope, senders)
      : this.sendWithBatch(envelope.withoutAll(SendBatchStamp), senders, batch);
  }

  /** dispatchMany(): every sender gets the envelope with the batch, at once; the last one's result is returned. */
  private async sendWithBatch(
    envelope: Envelope,
    senders: Senders,
    { batch, index }: SendBatchStamp,
  ): Promise<Envelope> {
    const sends = senders.map(([alias, sender]) =>
      batch.send(index, sender, envelope.with(new SentStamp(sender.constructor.name, alias))),
    );
    batch.arrive(index);
    const sent = await Promise.all(sends);
    return sent.at(-1)!;
  }

  private async send(envelope: Envelope, senders: Senders): Promise<Envelope> {
    for (const [alias, sender] of senders) {
      envelope = await sender.send(envelope.with(new SentStamp(sender.constructor.name, alias)));
    }
    return envelope;
  }
}
