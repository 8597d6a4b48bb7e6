import { setTimeout as sleep } from 'node:timers/promises';
import type { Envelope } from '../../Envelope.js';
import type { Logger } from '../../log/Logger.js';
import { LogicException } from '../../errors/MessengerException.js';
import { AvailableAtStamp } from '../../stamp/AvailableAtStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import type { Serializer } from '../serialization/Serializer.js';
import { decodeOrKeep } from '../serialization/UndecodableMessage.js';
import type {
  KeepaliveReceiver,
  ListableReceiver,
  LoggerAwareReceiver,
  MessageCountAware,
  QueueReceiver,
  ReceiveOptions,
  WakingReceiver,
} from '../Transport.js';
import type { Connection, DoctrineRow } from './Connection.js';
import { DoctrineReceivedStamp } from './DoctrineReceivedStamp.js';
import { isRetryable } from './Driver.js';

const NOTHING: readonly Envelope[] = Object.freeze([]);

/** How many times in a row a transient database error (a lock, a deadlock, a lost connection) is tried again. */
const MAX_RETRIES = 3;

/**
 * Turns rows into envelopes. A row that cannot be decoded is not lost: it becomes an
 * UndecodableMessage that the worker sends to the failure transport.
 *
 * Transient database errors do not stop a worker, as in Symfony: get() returns nothing (the
 * worker asks again after its sleep) up to MAX_RETRIES times in a row, and ack() and reject()
 * are tried again after a short, growing pause.
 */
export class DoctrineReceiver
  implements ListableReceiver, MessageCountAware, QueueReceiver, KeepaliveReceiver, WakingReceiver, LoggerAwareReceiver
{
  private failedGets = 0;

  constructor(
    private readonly connection: Connection,
    private readonly serializer: Serializer,
  ) {}

  get(options?: ReceiveOptions): Promise<readonly Envelope[]> {
    return this.take(undefined, options);
  }

  /** Takes from other queues of the same table (`consume --queues`), e.g. `high` and `low`. */
  getFromQueues(queueNames: readonly string[], options?: ReceiveOptions): Promise<readonly Envelope[]> {
    return this.take(queueNames, options);
  }

  async ack(envelope: Envelope): Promise<void> {
    await withRetries(() => this.connection.ack(receivedId(envelope)));
  }

  async reject(envelope: Envelope): Promise<void> {
    await withRetries(() => this.connection.reject(receivedId(envelope)));
  }

  /** Acknowledges several handled messages in one statement. */
  async ackMany(envelopes: readonly Envelope[]): Promise<void> {
    const ids = envelopes.map(receivedId);
    await withRetries(() => this.connection.deleteMany(ids));
  }

  /** Rejects several failed messages in one statement. */
  async rejectMany(envelopes: readonly Envelope[]): Promise<void> {
    const ids = envelopes.map(receivedId);
    await withRetries(() => this.connection.deleteMany(ids));
  }

  /** Gives back messages taken and not started: any worker may take them again at once. */
  async release(envelopes: readonly Envelope[]): Promise<void> {
    const ids = envelopes.map(receivedId);
    await withRetries(() => this.connection.release(ids));
  }

  async keepalive(envelope: Envelope, seconds?: number): Promise<void> {
    await this.connection.keepalive(receivedId(envelope), seconds);
  }

  setLogger(logger: Logger): void {
    this.connection.setLogger(logger);
  }

  checkKeepaliveInterval(seconds: number): void {
    this.connection.checkKeepaliveInterval(seconds);
  }

  waitForMessages(signal: AbortSignal, queueNames?: readonly string[]): Promise<void> {
    return this.connection.waitForMessages(signal, queueNames);
  }

  getMessageCount(): Promise<number> {
    return this.connection.getMessageCount();
  }

  async all(limit?: number, offset?: number): Promise<readonly Envelope[]> {
    return (await this.connection.findAll(limit, offset)).map((row) => this.envelope(row));
  }

  async find(id: string | number): Promise<Envelope | undefined> {
    const row = await this.connection.find(id);
    return row === undefined ? undefined : this.envelope(row);
  }

  private async take(
    queueNames: readonly string[] | undefined,
    options: ReceiveOptions | undefined,
  ): Promise<readonly Envelope[]> {
    let rows: DoctrineRow[];
    try {
      rows = await this.connection.getMany(queueNames, options);
      this.failedGets = 0;
    } catch (error) {
      if (!isRetryable(error) || ++this.failedGets >= MAX_RETRIES) {
        this.failedGets = 0;
        throw error;
      }
      return NOTHING;
    }
    if (rows.length === 0) return NOTHING;
    return rows.map((row) => this.envelope(row));
  }

  /** The row's message, with its ids and, for a row taken, when it became available. */
  private envelope(row: DoctrineRow): Envelope {
    const decoded = decodeOrKeep(this.serializer, row.body, row.headers);
    // A retried message carries the ids of its previous rows: as in Symfony, they stay (last() is this one).
    // One stamp at a time: with(...) would make an array of them, per message.
    const stamped = decoded.withStamp(new DoctrineReceivedStamp(row.id)).withStamp(new TransportMessageIdStamp(row.id));
    return row.availableAt === undefined ? stamped : stamped.withStamp(new AvailableAtStamp(row.availableAt));
  }
}

/** Runs the statement again after a transient error: 200 ms, then 400, then 800 (± 10%), as Symfony does. */
async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let retries = 0, delay = 100; ; retries++) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryable(error) || retries >= MAX_RETRIES) throw error;
      delay *= 2;
      await sleep(delay + Math.round((Math.random() * 2 - 1) * delay * 0.1));
    }
  }
}

function receivedId(envelope: Envelope): string {
  const stamp = envelope.last(DoctrineReceivedStamp);
  if (stamp === undefined)
    throw new LogicException(
      'No DoctrineReceivedStamp found on the envelope: it was not received from this transport.',
    );
  return stamp.id;
}
