import type { Envelope } from '../../Envelope.js';
import type { Logger } from '../../log/Logger.js';
import { abortableWait } from '../abortableWait.js';
import type { Serializer } from '../serialization/Serializer.js';
import type {
  KeepaliveReceiver,
  LoggerAwareReceiver,
  ListableReceiver,
  MessageCountAware,
  MonitorableTransport,
  QueueSnapshot,
  ReceiveOptions,
  SetupableTransport,
  Transport,
  TransportCapabilities,
  WakingReceiver,
} from '../Transport.js';
import type { RedisConnection } from './RedisConnection.js';
import { RedisReceiver } from './RedisReceiver.js';
import { RedisSender } from './RedisSender.js';
import { StreamMonitor } from './StreamMonitor.js';

/** Symfony's Redis transport: a stream, a consumer group, and a sorted set for delayed messages. */
export class RedisTransport
  implements
    Transport,
    ListableReceiver,
    MessageCountAware,
    SetupableTransport,
    KeepaliveReceiver,
    WakingReceiver,
    LoggerAwareReceiver,
    MonitorableTransport
{
  readonly capabilities: TransportCapabilities = {
    listable: true,
    messageCount: true,
    setup: true,
    keepalive: true,
    waking: true,
    delays: true,
    redelivery: true,
    batch: true,
    loggerAware: true,
    monitoring: true,
  };
  private readonly receiver: RedisReceiver;
  private readonly monitor: StreamMonitor;
  private readonly sender: RedisSender;
  private closing: Promise<void> | undefined;

  constructor(
    readonly connection: RedisConnection,
    serializer: Serializer,
    logger: Logger | undefined,
    private readonly disconnect: () => Promise<void>,
  ) {
    this.receiver = new RedisReceiver(connection, serializer, logger);
    this.sender = new RedisSender(connection, serializer);
    const { stream, group } = connection.configuration;
    this.monitor = new StreamMonitor(connection.redis, connection.listing, stream, group);
  }

  /** close() was called: the connection ends on purpose. */
  get isClosing(): boolean {
    return this.closing !== undefined;
  }

  setLogger(logger: Logger): void {
    this.receiver.setLogger(logger);
  }

  /** Reports what happens to the connection (lost, restored) where the worker's operator sees it. */
  report(level: 'warning' | 'info', message: string): void {
    this.receiver.report(level, message);
  }

  send(envelope: Envelope): Promise<Envelope> {
    return this.sender.send(envelope);
  }

  /** One XADD per message; they are written to the connection together. */
  sendMany(envelopes: readonly Envelope[]): Promise<Envelope[]> {
    return Promise.all(envelopes.map((envelope) => this.sender.send(envelope)));
  }

  get(options?: ReceiveOptions): Promise<readonly Envelope[]> {
    return this.receiver.get(options);
  }

  ack(envelope: Envelope): Promise<void> {
    return this.receiver.ack(envelope);
  }

  reject(envelope: Envelope): Promise<void> {
    return this.receiver.reject(envelope);
  }

  ackMany(envelopes: readonly Envelope[]): Promise<void> {
    return this.receiver.ackMany(envelopes);
  }

  rejectMany(envelopes: readonly Envelope[]): Promise<void> {
    return this.receiver.rejectMany(envelopes);
  }

  keepalive(envelope: Envelope, seconds?: number): Promise<void> {
    return this.receiver.keepalive(envelope, seconds);
  }

  waitForMessages(signal: AbortSignal): Promise<void> {
    return this.connection.waitForMessages(signal);
  }

  getMessageCount(): Promise<number> {
    return this.connection.listing.getMessageCount();
  }

  getQueueSnapshot(): Promise<QueueSnapshot> {
    return this.monitor.snapshot();
  }

  /** A bounded poll: the snapshot is a few cheap commands, and a blocking read would need a connection of its own. */
  waitForChange(signal: AbortSignal, timeoutMs: number): Promise<void> {
    return abortableWait(signal, timeoutMs);
  }

  all(limit?: number, offset?: number): Promise<readonly Envelope[]> {
    return this.receiver.all(limit, offset);
  }

  find(id: string | number): Promise<Envelope | undefined> {
    return this.receiver.find(id);
  }

  setup(): Promise<void> {
    return this.connection.setup();
  }

  close(): Promise<void> {
    this.closing ??= this.connection.close().then(this.disconnect);
    return this.closing;
  }
}
