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

  constructor(private readonly handlers: ReadonlyMap<MessageClass | '*', readonly HandlerDescriptor[]>) {}

  getHandlers(envelope: Envelope): readonly HandlerDescriptor[] {
    const received = envelope.last(ReceivedStamp)?.transportName;
    if (received !== undefined) return this.find(envelope.message.constructor as MessageClass, received);
    const messageClass = envelope.message.constructor as MessageClass;
    let handlers = this.direct.get(messageClass);
    if (handlers === undefined) {
      handlers = this.find(messageClass, undefined);
      this.direct.set(messageClass, handlers);
    }
    return handlers;
  }

  private find(messageClass: MessageClass, received: string | undefined): HandlerDescriptor[] {
    return findHandlers(listMessageTypes(messageClass), this.handlers, received);
  }
}
