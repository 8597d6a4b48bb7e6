import type { Envelope } from '../../Envelope.js';
import { LogicException } from '../../errors/MessengerException.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import type { Serializer } from '../serialization/Serializer.js';
import { decodeOrKeep } from '../serialization/UndecodableMessage.js';
import type { KeepaliveReceiver, ListableReceiver, MessageCountAware, QueueReceiver, WakingReceiver } from '../Transport.js';
import type { Connection, DoctrineRow } from './Connection.js';
import { DoctrineReceivedStamp } from './DoctrineReceivedStamp.js';

const NOTHING: readonly Envelope[] = Object.freeze([]);

/**
 * Turns rows into envelopes. A row that cannot be decoded is not lost: it becomes an
 * UndecodableMessage that the worker sends to the failure transport.
 */
export class DoctrineReceiver implements ListableReceiver, MessageCountAware, QueueReceiver, KeepaliveReceiver, WakingReceiver {
  constructor(
    private readonly connection: Connection,
    private readonly serializer: Serializer,
  ) {}

  async get(): Promise<readonly Envelope[]> {
    const row = await this.connection.get();
    return row === undefined ? NOTHING : [this.envelope(row)];
  }

  /** Takes from other queues of the same table (`consume --queues`), e.g. `high` and `low`. */
  async getFromQueues(queueNames: readonly string[]): Promise<readonly Envelope[]> {
    const row = await this.connection.get(queueNames);
    return row === undefined ? NOTHING : [this.envelope(row)];
  }

  async ack(envelope: Envelope): Promise<void> {
    await this.connection.ack(receivedId(envelope));
  }

  async reject(envelope: Envelope): Promise<void> {
    await this.connection.reject(receivedId(envelope));
  }

  async keepalive(envelope: Envelope): Promise<void> {
    await this.connection.keepalive(receivedId(envelope));
  }

  waitForMessages(signal: AbortSignal): Promise<void> {
    return this.connection.waitForMessages(signal);
  }

  getMessageCount(): Promise<number> {
    return this.connection.getMessageCount();
  }

  async all(limit?: number): Promise<readonly Envelope[]> {
    return (await this.connection.findAll(limit)).map((row) => this.envelope(row));
  }

  async find(id: string | number): Promise<Envelope | undefined> {
    const row = await this.connection.find(id);
    return row === undefined ? undefined : this.envelope(row);
  }

  private envelope(row: DoctrineRow): Envelope {
    let envelope = decodeOrKeep(this.serializer, row.body, row.headers);
    // A retried message carries the id of its previous row.
    if (envelope.last(TransportMessageIdStamp) !== undefined) envelope = envelope.withoutAll(TransportMessageIdStamp);
    return envelope.with(new DoctrineReceivedStamp(row.id), new TransportMessageIdStamp(row.id));
  }
}

function receivedId(envelope: Envelope): string {
  const stamp = envelope.last(DoctrineReceivedStamp);
  if (stamp === undefined) throw new LogicException('No DoctrineReceivedStamp found on the envelope: it was not received from this transport.');
  return stamp.id;
}
