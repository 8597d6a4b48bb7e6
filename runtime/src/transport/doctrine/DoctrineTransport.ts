import type { Envelope } from '../../Envelope.js';
import type { Logger } from '../../log/Logger.js';
import type { Serializer } from '../serialization/Serializer.js';
import type {
  KeepaliveReceiver,
  ListableReceiver,
  LoggerAwareReceiver,
  MessageCountAware,
  MonitorableTransport,
  QueueReceiver,
  QueueSnapshot,
  ReceiveOptions,
  ReleasingReceiver,
  SetupableTransport,
  Transport,
  TransportCapabilities,
  WakingReceiver,
} from '../Transport.js';
import type { Connection } from './Connection.js';
import { DoctrineReceiver } from './DoctrineReceiver.js';
import { DoctrineSender } from './DoctrineSender.js';
import { PostgreSqlConnection } from './PostgreSqlConnection.js';

/** A queue in a database table, SQLite, PostgreSQL, MySQL or MariaDB (Symfony's Doctrine transport). */
export class DoctrineTransport
  implements
    Transport,
    ListableReceiver,
    MessageCountAware,
    SetupableTransport,
    QueueReceiver,
    KeepaliveReceiver,
    WakingReceiver,
    LoggerAwareReceiver,
    MonitorableTransport,
    ReleasingReceiver
{
  readonly capabilities: TransportCapabilities;
  private readonly receiver: DoctrineReceiver;
  private readonly sender: DoctrineSender;

  constructor(
    readonly connection: Connection,
    serializer: Serializer,
  ) {
    this.receiver = new DoctrineReceiver(connection, serializer);
    this.sender = new DoctrineSender(connection, serializer);
    this.capabilities = {
      listable: true,
      messageCount: true,
      setup: true,
      queues: true,
      keepalive: true,
      // Only PostgreSQL's LISTEN/NOTIFY can tell an idle worker that a message arrived.
      waking: connection instanceof PostgreSqlConnection && connection.configuration.useNotify,
      delays: true,
      redelivery: true,
      // A batch is taken and acknowledged in one statement (one query on MySQL), and sent in one on PostgreSQL and SQLite; MySQL sends a row at a time.
      batch: true,
      release: true,
      loggerAware: true,
      monitoring: true,
    };
  }

  send(envelope: Envelope): Promise<Envelope> {
    return this.sender.send(envelope);
  }

  sendMany(envelopes: readonly Envelope[]): Promise<Envelope[]> {
    return this.sender.sendMany(envelopes);
  }

  get(options?: ReceiveOptions): Promise<readonly Envelope[]> {
    return this.receiver.get(options);
  }

  getFromQueues(queueNames: readonly string[], options?: ReceiveOptions): Promise<readonly Envelope[]> {
    return this.receiver.getFromQueues(queueNames, options);
  }

  ackMany(envelopes: readonly Envelope[]): Promise<void> {
    return this.receiver.ackMany(envelopes);
  }

  rejectMany(envelopes: readonly Envelope[]): Promise<void> {
    return this.receiver.rejectMany(envelopes);
  }

  release(envelopes: readonly Envelope[]): Promise<void> {
    return this.receiver.release(envelopes);
  }

  ack(envelope: Envelope): Promise<void> {
    return this.receiver.ack(envelope);
  }

  reject(envelope: Envelope): Promise<void> {
    return this.receiver.reject(envelope);
  }

  keepalive(envelope: Envelope, seconds?: number): Promise<void> {
    return this.receiver.keepalive(envelope, seconds);
  }

  setLogger(logger: Logger): void {
    this.receiver.setLogger(logger);
  }

  checkKeepaliveInterval(seconds: number): void {
    this.receiver.checkKeepaliveInterval(seconds);
  }

  waitForMessages(signal: AbortSignal, queueNames?: readonly string[]): Promise<void> {
    return this.receiver.waitForMessages(signal, queueNames);
  }

  getMessageCount(): Promise<number> {
    return this.receiver.getMessageCount();
  }

  getQueueSnapshot(): Promise<QueueSnapshot> {
    return this.connection.snapshot();
  }

  waitForChange(signal: AbortSignal, timeoutMs: number): Promise<void> {
    return this.connection.waitForChange(signal, timeoutMs);
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
    return this.connection.close();
  }
}
