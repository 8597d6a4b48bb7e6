import type { Envelope } from '../Envelope.js';
import type { MessageClass } from '../message/MessageClass.js';
import { listMessageTypes } from '../routing/messageTypes.js';
import { ClassMemo } from '../support/ClassMemo.js';
import { ReceivedStamp } from '../stamp/ReceivedStamp.js';
import { findHandlers } from './findHandlers.js';
import type { HandlerDescriptor } from './HandlerDescriptor.js';

/** Finds the handlers of a message on one bus, by the shared lookup rule (findHandlers). */
export class HandlersLocator {
  // Handlers of a directly dispatched message depend only on its class: computed once per class.
  private readonly direct = new ClassMemo<MessageClass, readonly HandlerDescriptor[]>((type) =>
    this.find(type, undefined),
  );
  // Those of a received message, on its class and its transport: once per class and transport (a worker asks per message).
  private readonly received = new Map<string, ClassMemo<MessageClass, readonly HandlerDescriptor[]>>();

  constructor(private readonly handlers: ReadonlyMap<MessageClass | '*', readonly HandlerDescriptor[]>) {}

  getHandlers(envelope: Envelope): readonly HandlerDescriptor[] {
    const messageClass = envelope.message.constructor as MessageClass;
    const received = envelope.last(ReceivedStamp)?.transportName;
    return received === undefined ? this.direct.get(messageClass) : this.receivedFrom(received, messageClass);
  }

  private receivedFrom(received: string, messageClass: MessageClass): readonly HandlerDescriptor[] {
    let byClass = this.received.get(received);
    if (byClass === undefined) {
      byClass = new ClassMemo((type) => this.find(type, received));
      this.received.set(received, byClass);
    }
    return byClass.get(messageClass);
  }

  private find(messageClass: MessageClass, received: string | undefined): HandlerDescriptor[] {
    return findHandlers(listMessageTypes(messageClass), this.handlers, received);
  }
}
