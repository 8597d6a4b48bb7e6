import type { Envelope } from '../Envelope.js';
import { BusNameStamp } from '../stamp/BusNameStamp.js';
import type { Middleware, Stack } from './Middleware.js';

/** Records the bus a message was dispatched on (`add_bus_name_stamp_middleware`). */
export class AddBusNameStampMiddleware implements Middleware {
  private readonly stamp: BusNameStamp;

  constructor(busName: string) {
    this.stamp = new BusNameStamp(busName);
  }

  handle(envelope: Envelope, stack: Stack): Promise<Envelope> {
    const stamped = envelope.last(BusNameStamp) === undefined ? envelope.withStamp(this.stamp) : envelope;
    return stack.next().handle(stamped, stack);
  }
}
