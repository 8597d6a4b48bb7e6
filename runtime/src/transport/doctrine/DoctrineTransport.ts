import type { Envelope } from '../../Envelope.js';
import type { Logger } from '../../log/Logger.js';
import type { Serializer } from '../serialization/Serializer.js';
import type {
  KeepaliveReceiver,
  ListableReceiver,
  LoggerAwareReceiver,
  MessageCountAware,
  QueueReceiver,
  ReceiveOptions,
  SetupableTransport,
  Transport,
  WakingReceiver,
} from '../Transport.js';
import type { Connection } from './Connection.js';
import { DoctrineReceiver } from './DoctrineReceiver.js';
import { DoctrineSender } from './DoctrineSender.js';

/** A queue in a database table, SQLite or PostgreSQL (Symfony's Doctrine transport). */
export class DoctrineTransport
  implements
    Transport,
    ListableReceiver,
    MessageCountAware,
    SetupableTransport,
    QueueReceiver,
    KeepaliveReceiver,
    WakingReceiver,
    LoggerAwareReceiver
{
  private readonly receiver: DoctrineReceiver;
  private readonly sender: DoctrineSender;

  constructor(
    readonly connection: Connection,
    serializer: Serializer,
  ) {
    this.receiver = new DoctrineReceiver(connection, serializer);
    this.sender = new DoctrineSender(connection, serializer);
  }

  send(envelope: Envelope): Promise<Envelope> {
    return this.sender.send(envelope);
  }

  get(options?: ReceiveOptions): Promise<readonly Envelope[]> {
    return this.receiver.get(options);
  }

  getFromQueues(queueNames: readonly string[], options?: ReceiveOptions): Promise<readonly Envelope[]> {
    return this.receiver.getFromQueues(queueNames, options);
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
