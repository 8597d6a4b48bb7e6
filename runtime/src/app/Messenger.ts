import type { MessageBusInterface } from '../bus/MessageBus.js';
import { dispatchMany } from '../bus/dispatchMany.js';
import type { RoutableMessageBus } from '../bus/RoutableMessageBus.js';
import type { MessengerConfig } from '../config/MessengerConfig.js';
import type { Envelope } from '../Envelope.js';
import { InvalidArgumentException } from '../errors/MessengerException.js';
import type { EventDispatcher } from '../event/EventDispatcher.js';
import type { Resettable } from '../listener/ResetServicesListener.js';
import type { Logger } from '../log/Logger.js';
import type { MessageClass } from '../message/MessageClass.js';
import type { MessageTypeRegistry } from '../message/MessageTypeRegistry.js';
import type { RetryStrategy } from '../retry/RetryStrategy.js';
import type { Route } from '../routing/resolveRoutes.js';
import type { SendersLocator } from '../routing/SendersLocator.js';
import type { Stamp } from '../stamp/Stamp.js';
import type { Serializer } from '../transport/serialization/Serializer.js';
import { SyncTransport } from '../transport/sync/SyncTransport.js';
import type { Receiver, Transport } from '../transport/Transport.js';
import { createWorker, type CreateWorkerOptions } from '../worker/createWorker.js';
import type { Worker } from '../worker/Worker.js';
import { type HandlerMapping, handlerMapping } from './HandlerMapping.js';
import type { HandlersByBus } from './registerHandlers.js';
import { UnavailableTransport } from './UnavailableTransport.js';
import { unknownBusMessage } from '../bus/unknownBus.js';

export interface MessengerParts {
  readonly config: MessengerConfig;
  readonly buses: ReadonlyMap<string, MessageBusInterface>;
  readonly routableBus: RoutableMessageBus;
  readonly transports: ReadonlyMap<string, Transport>;
  readonly serializers: ReadonlyMap<string, Serializer>;
  readonly messageTypes: MessageTypeRegistry;
  readonly sendersLocator: SendersLocator;
  /** What `debug` shows, as {@link handlerMapping}: turned into that table only when asked. */
  readonly handlersByBus: HandlersByBus;
  readonly services: Readonly<Record<string, unknown>>;
  readonly retryStrategies: ReadonlyMap<string, RetryStrategy>;
  readonly eventDispatcher: EventDispatcher;
  readonly resettableServices: readonly Resettable[];
  readonly logger: Logger | undefined;
}

/**
 * An application's messaging, built once by createMessenger(): its buses, transports,
 * routing and handlers. What Symfony's container holds for Messenger.
 */
export class Messenger {
  private mapping: HandlerMapping | undefined;
  /** The default bus, looked up once: dispatch() is the hot path. */
  readonly bus: MessageBusInterface;

  constructor(private readonly parts: MessengerParts) {
    this.bus = this.getBus();
  }

  get config(): MessengerConfig {
    return this.parts.config;
  }

  get messageTypes(): MessageTypeRegistry {
    return this.parts.messageTypes;
  }

  /** A bus by name (`command.bus`); the default bus without a name. */
  getBus(name: string = this.parts.config.defaultBus): MessageBusInterface {
    return this.parts.buses.get(name) ?? missingBus(name, this.parts.buses);
  }

  busNames(): string[] {
    return [...this.parts.buses.keys()];
  }

  /** Dispatches on the default bus. */
  dispatch<M extends object>(message: M | Envelope<M>, stamps?: readonly Stamp[]): Promise<Envelope<M>> {
    return this.bus.dispatch(message, stamps);
  }

  /**
   * Dispatches several messages on the default bus, as dispatch() does each, except that the
   * ones routed to transports are sent together: one sendMany() per transport (one statement
   * on PostgreSQL, one transaction on SQLite, one pipeline on Redis). Resolves with the
   * envelopes in the order given; rejects with the first failure once every message was
   * dispatched or failed. A message sent to several transports comes back as the last one
   * returned it.
   */
  dispatchMany<M extends object>(
    messages: ReadonlyArray<M | Envelope<M>>,
    stamps: readonly Stamp[] = [],
  ): Promise<Array<Envelope<M>>> {
    return dispatchMany(this.bus, messages, stamps);
  }

  /** Dispatches a received envelope on the bus named by its BusNameStamp (for workers). */
  get routableBus(): RoutableMessageBus {
    return this.parts.routableBus;
  }

  getTransport(name: string): Transport {
    const transport = this.parts.transports.get(name);
    if (transport === undefined)
      throw new InvalidArgumentException(
        `Transport "${name}" does not exist. Configured transports: ${this.transportNames().join(', ') || 'none'}.`,
      );
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
    // Only `debug` asks for it: not computed at every start.
    return (this.mapping ??= handlerMapping(this.parts.handlersByBus, this.parts.messageTypes));
  }

  /** A service given to createMessenger({ services }). */
  getService<T = unknown>(id: string): T | undefined {
    return this.parts.services[id] as T | undefined;
  }

  /** The application's listeners: every worker's events reach them. */
  get eventDispatcher(): EventDispatcher {
    return this.parts.eventDispatcher;
  }

  get logger(): Logger | undefined {
    return this.parts.logger;
  }

  /** A transport to consume from. Sync transports have nothing to receive; transports not available yet say why. */
  getReceiver(name: string): Receiver {
    if (!this.parts.transports.has(name)) {
      throw new InvalidArgumentException(
        `The receiver "${name}" does not exist. Valid receivers are: ${this.receiverNames().join(', ') || 'none'}.`,
      );
    }
    const transport = this.parts.transports.get(name)!;
    if (transport instanceof UnavailableTransport) throw new InvalidArgumentException(transport.reason);
    if (transport instanceof SyncTransport)
      throw new InvalidArgumentException(
        `The transport "${name}" is a sync:// transport: it handles messages when they are sent, there is nothing to consume.`,
      );
    return transport;
  }

  /** The transports a worker can consume from (every one but the sync ones), in configuration order. */
  receiverNames(): string[] {
    return [...this.parts.transports].filter(([, t]) => !(t instanceof SyncTransport)).map(([name]) => name);
  }

  /** The retry strategy of a transport (`retry_strategy`), undefined for an unknown transport. */
  getRetryStrategy(transportName: string): RetryStrategy | undefined {
    return this.parts.retryStrategies.get(transportName);
  }

  /** Where messages failed for good on this transport go: its own `failure_transport`, else the global one. */
  getFailureTransportName(transportName: string): string | undefined {
    if (!this.parts.transports.has(transportName)) return undefined;
    return this.parts.config.transports.get(transportName)?.failureTransport ?? this.parts.config.failureTransport;
  }

  /** Every failure transport configured, the global one first. */
  failureTransportNames(): string[] {
    const names = [
      this.parts.config.failureTransport,
      ...[...this.parts.config.transports.values()].map((t) => t.failureTransport),
    ];
    return [...new Set(names.filter((n): n is string => n !== undefined))];
  }

  /** Handlers, middleware and services with a reset() method: reset between messages by workers. */
  resettableServices(): readonly Resettable[] {
    return this.parts.resettableServices;
  }

  /** A worker consuming from these transports, wired as `messenger consume` wires it. */
  createWorker(options: CreateWorkerOptions | readonly string[]): Worker {
    return createWorker(
      this,
      Array.isArray(options) ? { receivers: options as readonly string[] } : (options as CreateWorkerOptions),
    );
  }

  /** Closes every transport (connections, timers). */
  async close(): Promise<void> {
    await Promise.all([...this.parts.transports.values()].map((t) => t.close?.()));
  }
}

/** The error for a bus name that is not configured (Messenger.getBus, and handler factories' getBus before the Messenger exists). */
export function missingBus(name: string, buses: ReadonlyMap<string, unknown>): never {
  throw new InvalidArgumentException(unknownBusMessage(name, buses.keys()));
}
