import type { Envelope } from '../../Envelope.js';
import { LogicException } from '../../errors/MessengerException.js';
import { DelayStamp } from '../../stamp/DelayStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import type { EncodedEnvelope, Serializer } from '../serialization/Serializer.js';
import { decodeEncodedOrKeep, encodeForTransport } from '../serialization/UndecodableMessage.js';
import type { ListableReceiver, MessageCountAware, Transport } from '../Transport.js';

type Stored = Envelope | EncodedEnvelope;

/**
 * Keeps messages in memory: for tests, and for the `test` environment override of a real
 * transport (`in-memory://`). With a serializer (option `serialize: true`), every message goes
 * through encode/decode, to test that layer as well, the same way as the database transports
 * do it: a message that cannot be decoded is received as an UndecodableMessage, and sent
 * again (to a failure transport) with its original body and headers.
 */
export class InMemoryTransport implements Transport, ListableReceiver, MessageCountAware {
  private sent: Stored[] = [];
  private acknowledged: Stored[] = [];
  private rejected: Stored[] = [];
  private readonly queue = new Map<number, Stored>();
  private readonly availableAt = new Map<number, number>();
  private nextId = 1;

  constructor(
    private readonly serializer?: Serializer,
    private readonly now: () => number = Date.now,
  ) {}

  async send(envelope: Envelope): Promise<Envelope> {
    const id = this.nextId++;
    const stamped = envelope.with(new TransportMessageIdStamp(id));
    const stored = this.encode(stamped);
    this.sent.push(stored);
    this.queue.set(id, stored);
    const delay = stamped.last(DelayStamp)?.delay;
    if (delay !== undefined && delay > 0) this.availableAt.set(id, this.now() + delay);
    return stamped;
  }

  async get(): Promise<readonly Envelope[]> {
    const now = this.now();
    const ready: Envelope[] = [];
    for (const [id, stored] of this.queue) {
      const at = this.availableAt.get(id);
      if (at === undefined || at <= now) ready.push(this.decode(stored));
    }
    return ready;
  }

  async ack(envelope: Envelope): Promise<void> {
    this.acknowledged.push(this.encode(envelope));
    this.remove(envelope);
  }

  async reject(envelope: Envelope): Promise<void> {
    this.rejected.push(this.encode(envelope));
    this.remove(envelope);
  }

  async all(limit?: number, offset = 0): Promise<readonly Envelope[]> {
    return [...this.queue.values()]
      .slice(offset, limit === undefined ? undefined : offset + limit)
      .map((s) => this.decode(s));
  }

  async find(id: string | number): Promise<Envelope | undefined> {
    const stored = this.queue.get(Number(id));
    return stored === undefined ? undefined : this.decode(stored);
  }

  async getMessageCount(): Promise<number> {
    return this.queue.size;
  }

  /** Every envelope sent, in order (decoded again when `serialize` is on). */
  getSent(): Envelope[] {
    return this.sent.map((s) => this.decode(s));
  }

  getAcknowledged(): Envelope[] {
    return this.acknowledged.map((s) => this.decode(s));
  }

  getRejected(): Envelope[] {
    return this.rejected.map((s) => this.decode(s));
  }

  /** Forgets everything: sent, queued, acknowledged and rejected messages. */
  reset(): void {
    this.sent = [];
    this.acknowledged = [];
    this.rejected = [];
    this.queue.clear();
    this.availableAt.clear();
  }

  private remove(envelope: Envelope): void {
    const id = envelope.last(TransportMessageIdStamp)?.id;
    if (id === undefined)
      throw new LogicException(
        'No TransportMessageIdStamp found on the envelope: it did not come from this transport.',
      );
    this.queue.delete(Number(id));
    this.availableAt.delete(Number(id));
  }

  private encode(envelope: Envelope): Stored {
    return this.serializer === undefined ? envelope : encodeForTransport(this.serializer, envelope);
  }

  private decode(stored: Stored): Envelope {
    return this.serializer === undefined
      ? (stored as Envelope)
      : decodeEncodedOrKeep(this.serializer, stored as EncodedEnvelope);
  }
}
