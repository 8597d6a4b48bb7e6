import type { Envelope } from '../Envelope.js';
import type { MessageClass } from '../message/MessageClass.js';
import { listMessageTypes } from '../routing/messageTypes.js';
import { ReceivedStamp } from '../stamp/ReceivedStamp.js';
import type { HandlerDescriptor } from './HandlerDescriptor.js';

/** Finds the handlers of a message on one bus: by class, then parent classes, then `'*'`. */
export class HandlersLocator {
  constructor(private readonly handlers: ReadonlyMap<MessageClass | '*', readonly HandlerDescriptor[]>) {}

  getHandlers(envelope: Envelope): HandlerDescriptor[] {
    const received = envelope.last(ReceivedStamp)?.transportName;
    const found: HandlerDescriptor[] = [];
    for (const type of listMessageTypes(envelope.message.constructor as MessageClass)) {
      const descriptors = this.handlers.get(type);
      if (descriptors === undefined) continue;
      for (const descriptor of descriptors) {
        // from_transport only matters for received messages; a direct dispatch runs every handler.
        if (received !== undefined && descriptor.options.fromTransport !== undefined && descriptor.options.fromTransport !== received) continue;
        if (found.some((d) => d.name === descriptor.name)) continue;
        found.push(descriptor);
      }
    }
    return found;
  }
}
