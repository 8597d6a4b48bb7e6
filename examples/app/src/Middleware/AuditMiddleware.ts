import { BusNameStamp, type Envelope, type Middleware, ReceivedStamp, type Stack } from '@messenger-ts/runtime';

/** The guide's AuditMiddleware: code before and after the rest of the bus. */
export class AuditMiddleware implements Middleware {
  async handle(envelope: Envelope, stack: Stack): Promise<Envelope> {
    const bus = envelope.last(BusNameStamp)?.busName ?? '?';
    const origin = envelope.last(ReceivedStamp)?.transportName;
    console.log(`[audit] ${bus}: ${envelope.message.constructor.name}${origin ? ` (received from ${origin})` : ''}`);
    return stack.next().handle(envelope, stack);
  }
}
