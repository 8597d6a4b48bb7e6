import type { Envelope } from '../Envelope.js';
import type { MessageClass } from '../message/MessageClass.js';
import { listMessageTypes } from '../routing/messageTypes.js';
import { ReceivedStamp } from '../stamp/ReceivedStamp.js';
import { findHandlers } from './findHandlers.js';
import type { HandlerDescriptor } from './HandlerDescriptor.js';

/** Finds the handlers of a message on one bus, by the shared lookup rule (findHandlers). */
export class HandlersLocator {
  // Handlers of a directly dispatched message depend only on its class: computed once per class.
  private readonly direct = new WeakMap<MessageClass, readonly HandlerDescriptor[]>();
  // Those of a received message, on its class and its transport: once per class and transport (a worker asks per message).
  private readonly received = new Map<string, WeakMap<MessageClass, readonly HandlerDescriptor[]>>();

  constructor(private readonly handlers: ReadonlyMap<MessageClass | '*', readonly HandlerDescriptor[]>) {}

  getHandlers(envelope: Envelope): readonly HandlerDescriptor[] {
    const messageClass = envelope.message.constructor as MessageClass;
    const received = envelope.last(ReceivedStamp)?.transportName;
    let known = this.direct;
    if (received !== undefined) {
      let byClass = this.received.get(received);
      if (byClass === undefined) this.received.set(received, (byClass = new WeakMap()));
      known = byClass;
    }
    let handlers = known.get(messageClass);
    if (handlers === undefined) {
      handlers = this.find(messageClass, received);
      known.set(messageClass, handlers);
    }
    return handlers;
  }

  private find(messageClass: MessageClass, received: string | undefined): HandlerDescriptor[] {
    return findHandlers(listMessageTypes(messageClass), this.handlers, received);
  }
}
