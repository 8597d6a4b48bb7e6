import type { Envelope } from '../Envelope.js';
import { ClassMemo } from '../support/ClassMemo.js';
import { RuntimeException } from '../errors/MessengerException.js';
import { messageAttributes } from '../message/AsMessage.js';
import type { MessageClass } from '../message/MessageClass.js';
import { TransportNamesStamp } from '../stamp/TransportNamesStamp.js';
import type { Sender } from '../transport/Transport.js';
import { listMessageTypes } from './messageTypes.js';
import { resolveRoutes, type Route } from './resolveRoutes.js';

/** `[transport name, sender]` pairs, in routing order; shared, never to be changed. */
export type Senders = ReadonlyArray<readonly [string, Sender]>;

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

  // And the senders they lead to: a routed dispatch then allocates nothing to find them. A
  // transport the routing names but the app lacks throws each time, as it is never cached.
  private readonly senders = new ClassMemo<MessageClass, Senders>((type) =>
    this.sendersNamed(
      this.getRoutes(type).map((route) => route.transport),
      false,
    ),
  );

  constructor(
    private readonly routing: RoutingMap,
    private readonly transports: ReadonlyMap<string, Sender>,
  ) {}

  /** The routes of a message class and the rule behind each (for routing and for `debug`). */
  getRoutes(messageClass: MessageClass): readonly Route<MessageClass>[] {
    return this.routes.get(messageClass);
  }

  /** `[transport name, sender]` pairs; a TransportNamesStamp overrides the routing. */
  getSenders(envelope: Envelope): Senders {
    const forced = envelope.last(TransportNamesStamp);
    if (forced !== undefined) return this.sendersNamed(forced.transportNames, true);
    return this.senders.get(envelope.message.constructor as MessageClass);
  }

  private sendersNamed(names: readonly string[], forced: boolean): Senders {
    return names.map((name) => [name, this.sender(name, forced)] as const);
  }

  private sender(name: string, forced: boolean): Sender {
    const sender = this.transports.get(name);
    if (sender === undefined) {
      const known = [...this.transports.keys()].map((n) => `"${n}"`).join(', ') || 'none';
      const origin = forced ? 'a TransportNamesStamp' : 'the routing';
      throw new RuntimeException(
        `Invalid senders configuration: ${origin} names transport "${name}", which does not exist (known transports: ${known}).`,
      );
    }
    return sender;
  }
}
