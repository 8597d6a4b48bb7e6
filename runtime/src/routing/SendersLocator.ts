import type { Envelope } from '../Envelope.js';
import { ClassMemo } from '../support/ClassMemo.js';
import { RuntimeException } from '../errors/MessengerException.js';
import { messageAttributes } from '../message/AsMessage.js';
import type { MessageClass } from '../message/MessageClass.js';
import { TransportNamesStamp } from '../stamp/TransportNamesStamp.js';
import type { Sender } from '../transport/Transport.js';
import { listMessageTypes } from './messageTypes.js';
import { resolveRoutes, type Route } from './resolveRoutes.js';

const NO_SENDERS: Array<[string, Sender]> = [];

/** Routing table with message classes resolved: class (or `'*'`) → transport names. */
export type RoutingMap = ReadonlyMap<MessageClass | '*', readonly string[]>;

/** Maps a message to the transports it is sent to. */
export class SendersLocator {
  // Routing is static once the app is built; resolve each class once.
  private readonly routes = new ClassMemo<MessageClass, readonly Route<MessageClass>[]>((type) =>
    resolveRoutes(listMessageTypes(type), {
      configured: (t) => this.routing.get(t),
      attributes: (t) => messageAttributes(t)?.transports,
    }),
  );

  constructor(
    private readonly routing: RoutingMap,
    private readonly senders: ReadonlyMap<string, Sender>,
  ) {}

  /** The routes of a message class and the rule behind each (for routing and for `debug`). */
  getRoutes(messageClass: MessageClass): readonly Route<MessageClass>[] {
    return this.routes.get(messageClass);
  }

  /** `[transport name, sender]` pairs; a TransportNamesStamp overrides the routing. */
  getSenders(envelope: Envelope): Array<[string, Sender]> {
    const forced = envelope.last(TransportNamesStamp);
    if (forced !== undefined) return this.sendersNamed(forced.transportNames, true);
    const routes = this.getRoutes(envelope.message.constructor as MessageClass);
    // Most dispatches are unrouted: no allocation for them, and no more code than V8 inlines.
    return routes.length === 0
      ? NO_SENDERS
      : this.sendersNamed(
          routes.map((route) => route.transport),
          false,
        );
  }

  private sendersNamed(names: readonly string[], forced: boolean): Array<[string, Sender]> {
    return names.map((name) => [name, this.sender(name, forced)]);
  }

  private sender(name: string, forced: boolean): Sender {
    const sender = this.senders.get(name);
    if (sender === undefined) {
      const known = [...this.senders.keys()].map((n) => `"${n}"`).join(', ') || 'none';
      const origin = forced ? 'a TransportNamesStamp' : 'the routing';
      throw new RuntimeException(
        `Invalid senders configuration: ${origin} names transport "${name}", which does not exist (known transports: ${known}).`,
      );
    }
    return sender;
  }
}
