import { Envelope, NO_STAMPS } from '../Envelope.js';
import { InvalidArgumentException } from '../errors/MessengerException.js';
import { BusNameStamp } from '../stamp/BusNameStamp.js';
import type { Stamp } from '../stamp/Stamp.js';
import type { MessageBusInterface } from './MessageBus.js';

/** Dispatches a received envelope on the bus named by its BusNameStamp (what a worker uses). */
export class RoutableMessageBus implements MessageBusInterface {
  constructor(
    private readonly buses: ReadonlyMap<string, MessageBusInterface>,
    private readonly fallbackBus?: MessageBusInterface,
  ) {}

  dispatch<M extends object>(envelope: M | Envelope<M>, stamps: readonly Stamp[] = NO_STAMPS): Promise<Envelope<M>> {
    const busName = envelope instanceof Envelope ? envelope.last(BusNameStamp)?.busName : undefined;
    if (busName === undefined) {
      if (this.fallbackBus === undefined)
        throw new InvalidArgumentException('Messages received by a worker need a BusNameStamp, or a fallback bus.');
      return this.fallbackBus.dispatch(envelope, stamps);
    }
    const bus = this.buses.get(busName);
    if (bus === undefined)
      throw new InvalidArgumentException(
        `Bus named "${busName}" does not exist (known buses: ${[...this.buses.keys()].join(', ')}).`,
      );
    return bus.dispatch(envelope, stamps);
  }
}
