import type { Envelope } from '../Envelope.js';
import type { SendersLocator } from '../routing/SendersLocator.js';
import type { Sender } from '../transport/Transport.js';
import { ReceivedStamp } from '../stamp/ReceivedStamp.js';
import { SentStamp } from '../stamp/SentStamp.js';
import type { Middleware, Stack } from './Middleware.js';

/**
 * Sends routed messages to their transports and stops there; unrouted messages go on to be
 * handled synchronously. Received messages are never sent again (`send_message`).
 */
export class SendMessageMiddleware implements Middleware {
  constructor(private readonly sendersLocator: SendersLocator) {}

  handle(envelope: Envelope, stack: Stack): Promise<Envelope> {
    if (envelope.last(ReceivedStamp) !== undefined) return stack.next().handle(envelope, stack);
    const senders = this.sendersLocator.getSenders(envelope);
    if (senders.length === 0) return stack.next().handle(envelope, stack);
    return this.send(envelope, senders);
  }

  private async send(envelope: Envelope, senders: ReadonlyArray<[string, Sender]>): Promise<Envelope> {
    for (const [alias, sender] of senders) {
      envelope = await sender.send(envelope.with(new SentStamp(sender.constructor.name, alias)));
    }
    return envelope;
  }
}
