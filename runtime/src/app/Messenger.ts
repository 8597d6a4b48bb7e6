import type { MessageBusInterface } from '../bus/MessageBus.js';
import type { RoutableMessageBus } from '../bus/RoutableMessageBus.js';
import type { MessengerConfig } from '../config/MessengerConfig.js';
import type { Envelope } from '../Envelope.js';
import { InvalidArgumentException } from '../errors/MessengerException.js';
import type { MessageClass } from '../message/MessageClass.js';
import type { MessageTypeRegistry } from '../message/MessageTypeRegistry.js';
import type { Route } from '../routing/resolveRoutes.js';
import type { SendersLocator } from '../routing/SendersLocator.js';
import type { Stamp } from '../stamp/Stamp.js';
import type { Serializer } from '../transport/serialization/Serializer.js';
import type { Transport } from '../transport/Transport.js';
import type { HandlerMapping } from './HandlerMapping.js';

export interface MessengerParts {
  readonly config: MessengerConfig;
  readonly buses: ReadonlyMap<string, MessageBusInterface>;
  readonly routableBus: RoutableMessageBus;
  readonly transports: ReadonlyMap<string, Transport>;
  readonly serializers: ReadonlyMap<string, Serializer>;
  readonly messageTypes: MessageTypeRegistry;
  readonly sendersLocator: SendersLocator;
  readonly handlerMapping: HandlerMapping;
  readonly services: Readonly<Record<string, unknown>>;
}

/**
 * An application's messaging, built once by createMessenger(): its buses, transports,
 * routing and handlers. What Symfony's container holds for Messenger.
 */
export class Messenger {
  constructor(private readonly parts: MessengerParts) {}

  get config(): MessengerConfig {
    return this.parts.config;
  }

  get messageTypes(): MessageTypeRegistry {
    return this.parts.messageTypes;
  }

  /** The default bus (`default_bus`). */
  get bus(): MessageBusInterface {
    return this.getBus();
  }

  /** A bus by name (`command.bus`); the default bus without a name. */
  getBus(name: string = this.parts.config.defaultBus): MessageBusInterface {
    const bus = this.parts.buses.get(name);
    if (bus === undefined) throw new InvalidArgumentException(`Bus "${name}" does not exist. Known buses are "${[...this.parts.buses.keys()].join('", "')}".`);
    return bus;
  }

  busNames(): string[] {
    return [...this.parts.buses.keys()];
  }

  /** Dispatches on the default bus. */
  dispatch<M extends object>(message: M | Envelope<M>, stamps?: readonly Stamp[]): Promise<Envelope<M>> {
    return this.bus.dispatch(message, stamps);
  }

  /** Dispatches a received envelope on the bus named by its BusNameStamp (for workers). */
  get routableBus(): RoutableMessageBus {
    return this.parts.routableBus;
  }

  getTransport(name: string): Transport {
    const transport = this.parts.transports.get(name);
    if (transport === undefined) throw new InvalidArgumentException(`Transport "${name}" does not exist. Configured transports: ${this.transportNames().join(', ') || 'none'}.`);
    return transport;
  }

  transportNames(): string[] {
    return [...this.parts.transports.keys()];
  }

  getSerializer(transportName: string): Serializer {
    this.getTransport(transportName);
    return this.parts.serializers.get(transportName)!;
  }

  /** Where a message class is sent, and by which rule (exact class, parent class, @AsMessage, '*'). */
  routesFor(messageClass: MessageClass): readonly Route<MessageClass>[] {
    return this.parts.sendersLocator.getRoutes(messageClass);
  }

  /** Bus → message → handlers, as `messenger debug` prints it. */
  handlerMapping(): HandlerMapping {
    return this.parts.handlerMapping;
  }

  /** A service given to createMessenger({ services }). */
  getService<T = unknown>(id: string): T | undefined {
    return this.parts.services[id] as T | undefined;
  }

  /** Closes every transport (connections, timers). */
  async close(): Promise<void> {
    await Promise.all([...this.parts.transports.values()].map((t) => t.close?.()));
  }
}
