import type { Envelope } from '../../Envelope.js';
import type { Logger } from '../../log/Logger.js';
import type { Serializer } from '../serialization/Serializer.js';
import type {
  KeepaliveReceiver,
  LoggerAwareReceiver,
  MessageCountAware,
  ReceiveOptions,
  Transport,
  TransportCapabilities,
} from '../Transport.js';
import type { BeanstalkdConnection } from './BeanstalkdConnection.js';
import { BeanstalkdReceiver } from './BeanstalkdReceiver.js';
import { BeanstalkdSender } from './BeanstalkdSender.js';

/**
 * Symfony's Beanstalkd transport: one tube. Beanstalkd cannot list a tube's jobs (it only peeks
 * at the next one of each state), so this transport cannot be a failure transport that
 * `failed:show`, `failed:retry` and `failed:remove` work on; nor has it anything to set up
 * (a tube exists while it is used).
 */
export class BeanstalkdTransport implements Transport, MessageCountAware, KeepaliveReceiver, LoggerAwareReceiver {
  readonly capabilities: TransportCapabilities = {
    messageCount: true,
    keepalive: true,
    delays: true,
    // A job whose worker died goes back at once (the server sees the connection close); one whose worker hangs, after ttr.
    redelivery: true,
    batch: true,
    loggerAware: true,
  };
  private readonly receiver: BeanstalkdReceiver;
  private readonly sender: BeanstalkdSender;

  constructor(
    readonly connection: BeanstalkdConnection,
    serializer: Serializer,
    logger?: Logger,
  ) {
    this.receiver = new BeanstalkdReceiver(connection, serializer, logger);
    this.sender = new BeanstalkdSender(connection, serializer);
  }

  async send(envelope: Envelope): Promise<Envelope> {
    const [sent] = await this.sender.send([envelope]);
    return sent!;
  }

  sendMany(envelopes: readonly Envelope[]): Promise<Envelope[]> {
    return this.sender.send(envelopes);
  }

  get(options?: ReceiveOptions): Promise<readonly Envelope[]> {
    return this.receiver.get(options);
  }

  ack(envelope: Envelope): Promise<void> {
    return this.receiver.ack([envelope]);
  }

  ackMany(envelopes: readonly Envelope[]): Promise<void> {
    return this.receiver.ack(envelopes);
  }

  reject(envelope: Envelope): Promise<void> {
    return this.receiver.reject([envelope]);
  }

  rejectMany(envelopes: readonly Envelope[]): Promise<void> {
    return this.receiver.reject(envelopes);
  }

  keepalive(envelope: Envelope, seconds?: number): Promise<void> {
    return this.receiver.keepalive(envelope, seconds);
  }

  checkKeepaliveInterval(seconds: number): void {
    this.connection.checkKeepaliveInterval(seconds);
  }

  getMessageCount(): Promise<number> {
    return this.connection.getMessageCount();
  }

  setLogger(logger: Logger): void {
    this.receiver.setLogger(logger);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
