import type { Envelope } from '../../Envelope.js';
import { LogicException } from '../../errors/MessengerException.js';
import type { Logger } from '../../log/Logger.js';
import { AvailableAtStamp } from '../../stamp/AvailableAtStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import type { Serializer } from '../serialization/Serializer.js';
import { decodeEncodedOrKeep, keepUnreadable } from '../serialization/UndecodableMessage.js';
import type { ReceiveOptions } from '../Transport.js';
import type { StreamEntry } from './RedisCommands.js';
import type { RedisConnection } from './RedisConnection.js';
import { RedisReceivedStamp } from './RedisReceivedStamp.js';
import { entryTime } from './StreamMonitor.js';
import { readWireMessage, unwrapStreamValue } from './wireFormat.js';

/**
 * Turns stream entries into envelopes. An entry that cannot be read or decoded is not lost
 * (Symfony rejects it): it becomes an UndecodableMessage that the worker sends to the failure
 * transport.
 */
export class RedisReceiver {
  /** Who hears about a second worker under this consumer name: the worker's logger, else the app's. */
  private logger: Logger | undefined;

  constructor(
    private readonly connection: RedisConnection,
    private readonly serializer: Serializer,
    appLogger: Logger | undefined,
  ) {
    this.logger = appLogger;
  }

  setLogger(logger: Logger): void {
    this.logger = logger;
  }

  async get(options?: ReceiveOptions): Promise<readonly Envelope[]> {
    if (options?.signal?.aborted) return [];
    if (await this.connection.liveness.beat(this.connection.now())) this.warnSharedConsumer();
    const entries = await this.connection.get(Math.max(1, options?.maxMessages ?? 1));
    return entries.map((entry) => {
      const envelope = this.envelope(entry, true);
      const addedAt = entryTime(entry.id);
      return addedAt === null ? envelope : envelope.with(new AvailableAtStamp(addedAt));
    });
  }

  ack(envelope: Envelope): Promise<void> {
    const stamp = receivedStamp(envelope);
    return this.connection.ack(stamp.id, stamp.delivered);
  }

  reject(envelope: Envelope): Promise<void> {
    const stamp = receivedStamp(envelope);
    return this.connection.reject(stamp.id, stamp.delivered);
  }

  /** One XACK (and one XDEL) for them all. */
  ackMany(envelopes: readonly Envelope[]): Promise<void> {
    return this.connection.finishMany(envelopes.map(receivedStamp), false);
  }

  rejectMany(envelopes: readonly Envelope[]): Promise<void> {
    return this.connection.finishMany(envelopes.map(receivedStamp), true);
  }

  keepalive(envelope: Envelope, seconds?: number): Promise<void> {
    return this.connection.keepalive(receivedStamp(envelope).id, seconds);
  }

  async all(limit?: number, offset?: number): Promise<readonly Envelope[]> {
    return (await this.connection.listing.findAll(limit, offset)).map((entry) => this.envelope(entry, false));
  }

  async find(id: string | number): Promise<Envelope | undefined> {
    const entry = await this.connection.listing.find(String(id));
    return entry === undefined ? undefined : this.envelope(entry, false);
  }

  /** Where a warning goes when nobody logs: Node's process warnings (printed on stderr). */
  report(level: 'warning' | 'info', message: string): void {
    if (this.logger !== undefined) this.logger.log(level, message);
    else if (level === 'warning') process.emitWarning(message, { code: 'MESSENGER_REDIS' });
  }

  private warnSharedConsumer(): void {
    const { stream, group, consumer } = this.connection.configuration;
    this.report(
      'warning',
      `Another live worker consumes the Redis stream "${stream}" (group "${group}") as consumer "${consumer}": messages may be handled twice. Give each worker its own consumer name, e.g. with MESSENGER_CONSUMER_NAME set per process by Supervisor.`,
    );
  }

  private envelope(entry: StreamEntry, delivered: boolean): Envelope {
    const message = readWireMessage(unwrapStreamValue(entry.value ?? ''));
    let envelope = message.ok
      ? decodeEncodedOrKeep(this.serializer, { body: message.body, headers: message.headers })
      : keepUnreadable(message.raw, `Could not read the Redis message: ${message.reason}.`);
    // A retried message carries the id it had before.
    if (envelope.last(TransportMessageIdStamp) !== undefined) envelope = envelope.withoutAll(TransportMessageIdStamp);
    return envelope.with(new RedisReceivedStamp(entry.id, delivered), new TransportMessageIdStamp(entry.id));
  }
}

function receivedStamp(envelope: Envelope): RedisReceivedStamp {
  const stamp = envelope.last(RedisReceivedStamp);
  if (stamp === undefined)
    throw new LogicException('No RedisReceivedStamp found on the envelope: it was not received from this transport.');
  return stamp;
}
