import { randomUUID } from 'node:crypto';
import { terminalSafe } from '../../cli/console/terminalSafe.js';
import type { Envelope } from '../../Envelope.js';
import { LogicException } from '../../errors/MessengerException.js';
import type { Logger } from '../../log/Logger.js';
import { DelayStamp } from '../../stamp/DelayStamp.js';
import { RedeliveryStamp } from '../../stamp/RedeliveryStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import { CONTENT_TYPE_HEADER } from '../serialization/headers.js';
import type { Serializer } from '../serialization/Serializer.js';
import { decodeEncodedOrKeep, encodeForTransport } from '../serialization/UndecodableMessage.js';
import type {
  LoggerAwareReceiver,
  MessageCountAware,
  QueueReceiver,
  ReceiveOptions,
  SetupableTransport,
  Transport,
  TransportCapabilities,
  WakingReceiver,
} from '../Transport.js';
import type { AmqpConnection } from './AmqpConnection.js';
import type { Delivery } from './PushedMessages.js';
import { AmqpReceivedStamp } from './AmqpReceivedStamp.js';
import { AmqpStamp } from './AmqpStamp.js';

/**
 * Symfony's AMQP transport (RabbitMQ): an exchange, the queues bound to it, delay queues that
 * dead-letter back into it. Messages are pushed (basic.consume with prefetch), not polled.
 */
export class AmqpTransport
  implements Transport, QueueReceiver, MessageCountAware, SetupableTransport, WakingReceiver, LoggerAwareReceiver
{
  readonly capabilities: TransportCapabilities = {
    messageCount: true,
    setup: true,
    queues: true,
    waking: true,
    delays: true,
    // Not `redelivery`: a message whose worker died comes back at once (RabbitMQ sees the
    // connection close), but one whose worker hangs stays with it (until RabbitMQ's
    // server-wide consumer_timeout): there is no per-transport timeout to promise.
    batch: true,
    loggerAware: true,
  };
  private logger: Logger | undefined;

  constructor(
    readonly connection: AmqpConnection,
    private readonly serializer: Serializer,
    appLogger: Logger | undefined,
  ) {
    this.logger = appLogger;
  }

  setLogger(logger: Logger): void {
    this.logger = logger;
  }

  /**
   * Where a lost connection is told: the worker's logger, else Node's process warnings (printed on
   * stderr as they are: the broker's words in them are made terminal-safe first).
   */
  report(level: 'warning' | 'info', message: string): void {
    if (this.logger !== undefined) this.logger.log(level, message);
    else if (level === 'warning') process.emitWarning(terminalSafe(message), { code: 'MESSENGER_AMQP' });
  }

  async send(envelope: Envelope): Promise<Envelope> {
    const encoded = encodeForTransport(this.serializer, envelope);
    const headers = { ...encoded.headers };
    let stamp = envelope.last(AmqpStamp);
    // Symfony sends the content type as the AMQP property, not as a header.
    const contentType = headers[CONTENT_TYPE_HEADER];
    if (contentType !== undefined) {
      delete headers[CONTENT_TYPE_HEADER];
      if (stamp?.attributes.content_type === undefined)
        stamp = AmqpStamp.createWithAttributes({ content_type: contentType }, stamp);
    }
    const received = envelope.last(AmqpReceivedStamp);
    if (received !== undefined)
      stamp = AmqpStamp.createFromReceived(
        received,
        stamp,
        envelope.last(RedeliveryStamp) !== undefined ? received.queueName : undefined,
      );
    const id = await this.connection.publish(encoded.body, headers, envelope.last(DelayStamp)?.delay ?? 0, stamp);
    return envelope.with(new TransportMessageIdStamp(id));
  }

  /** Published together: RabbitMQ confirms them as they come. */
  sendMany(envelopes: readonly Envelope[]): Promise<Envelope[]> {
    return Promise.all(envelopes.map((envelope) => this.send(envelope)));
  }

  get(options?: ReceiveOptions): Promise<readonly Envelope[]> {
    return this.getFromQueues(this.connection.queueNames(), options);
  }

  async getFromQueues(queueNames: readonly string[], options?: ReceiveOptions): Promise<readonly Envelope[]> {
    const deliveries = await this.connection.take(queueNames, Math.max(1, options?.maxMessages ?? 1), options?.signal);
    return deliveries.map((delivery) => this.envelope(delivery));
  }

  waitForMessages(signal: AbortSignal, queueNames?: readonly string[]): Promise<void> {
    return this.connection.waitForMessages(signal, queueNames ?? this.connection.queueNames());
  }

  async ack(envelope: Envelope): Promise<void> {
    this.connection.ack(deliveryOf(envelope));
  }

  async reject(envelope: Envelope): Promise<void> {
    this.connection.reject(deliveryOf(envelope));
  }

  async ackMany(envelopes: readonly Envelope[]): Promise<void> {
    for (const envelope of envelopes) this.connection.ack(deliveryOf(envelope));
  }

  async rejectMany(envelopes: readonly Envelope[]): Promise<void> {
    for (const envelope of envelopes) this.connection.reject(deliveryOf(envelope));
  }

  getMessageCount(): Promise<number> {
    return this.connection.countMessages();
  }

  setup(): Promise<void> {
    return this.connection.setup();
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private envelope(delivery: Delivery): Envelope {
    const { message } = delivery;
    let envelope = decodeEncodedOrKeep(this.serializer, {
      body: message.content.toString('utf8'),
      headers: stringHeaders(message.properties.headers),
    });
    // A retried message carries the id it had before.
    if (envelope.last(TransportMessageIdStamp) !== undefined) envelope = envelope.withoutAll(TransportMessageIdStamp);
    const id = typeof message.properties.messageId === 'string' ? message.properties.messageId : randomUUID();
    return envelope.with(
      new AmqpReceivedStamp(delivery.queue, message.fields.routingKey, message.properties, delivery),
      new TransportMessageIdStamp(id),
    );
  }
}

/** The serializer reads string headers; RabbitMQ's own (x-death, a table) stay on the AmqpReceivedStamp. */
function stringHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string') result[name] = value;
    else if (Buffer.isBuffer(value)) result[name] = value.toString('utf8');
  }
  return result;
}

function deliveryOf(envelope: Envelope): Delivery {
  const stamp = envelope.last(AmqpReceivedStamp);
  if (stamp === undefined)
    throw new LogicException('No AmqpReceivedStamp found on the envelope: it was not received from this transport.');
  return stamp.delivery as Delivery;
}
