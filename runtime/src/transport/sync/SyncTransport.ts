import type { MessageBusInterface } from '../../bus/MessageBus.js';
import type { Envelope } from '../../Envelope.js';
import { InvalidArgumentException } from '../../errors/MessengerException.js';
import { ReceivedStamp } from '../../stamp/ReceivedStamp.js';
import { SentStamp } from '../../stamp/SentStamp.js';
import type { Transport } from '../Transport.js';

/**
 * "Sends" a message by handling it right away, as if received from this transport, so
 * handlers bound with `fromTransport` to it run (`sync://`).
 */
export class SyncTransport implements Transport {
  constructor(private readonly bus: MessageBusInterface) {}

  send(envelope: Envelope): Promise<Envelope> {
    const sent = envelope.last(SentStamp);
    const alias = sent?.senderAlias ?? sent?.senderClass ?? 'sync';
    return this.bus.dispatch(envelope.with(new ReceivedStamp(alias)));
  }

  get(): Promise<readonly Envelope[]> {
    return Promise.reject(
      new InvalidArgumentException(
        'You cannot receive messages from the sync transport: it handles them when they are sent.',
      ),
    );
  }

  ack(): Promise<void> {
    return Promise.reject(new InvalidArgumentException('You cannot call ack() on the sync transport.'));
  }

  reject(): Promise<void> {
    return Promise.reject(new InvalidArgumentException('You cannot call reject() on the sync transport.'));
  }
}
