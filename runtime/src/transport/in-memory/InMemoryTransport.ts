import type { Envelope } from '../../Envelope.js';
import { LogicException } from '../../errors/MessengerException.js';
import { AvailableAtStamp } from '../../stamp/AvailableAtStamp.js';
import { DelayStamp } from '../../stamp/DelayStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import type { EncodedEnvelope, Serializer } from '../serialization/Serializer.js';
import { decodeEncodedOrKeep, encodeForTransport } from '../serialization/UndecodableMessage.js';
import { abortableWait } from '../abortableWait.js';
import type {
  ListableReceiver,
  MessageCountAware,
  MonitorableTransport,
  QueueSnapshot,
  ReceiveOptions,
  ReleasingReceiver,
  Transport,
  TransportCapabilities,
} from '../Transport.js';

type Stored = Envelope | EncodedEnvelope;

/**
 * Keeps messages in memory: for tests, and for the `test` environment override of a real
 * transport (`in-memory://`). With a serializer (option `serialize: true`), every message goes
 * through encode/decode, to test that layer as well, the same way as the database transports
 * do it: a message that cannot be decoded is received as an UndecodableMessage, and sent
 * again (to a failure transport) with its original body and headers.
 *
 * get() takes one message (or up to `maxMessages`), which is not handed out again until it is
 * rejected or acknowledged, as with every transport. (Symfony's returns every queued message
 * on each get(); here all() lists them, and getSent() what was sent.)
 */
export class InMemoryTransport
  implements Transport, ListableReceiver, MessageCountAware, MonitorableTransport, ReleasingReceiver
{
  readonly capabilities: TransportCapabilities = {
    listable: true,
    messageCount: true,
    delays: true,
    batch: true,
    monitoring: true,
    release: true,
  };
  private sent: Stored[] = [];
  private acknowledged: Stored[] = [];
  private rejected: Stored[] = [];
  private readonly queue = new Map<number, Stored>();
  private readonly availableAt = new Map<number, number>();
  private readonly taken = new Set<number>();
  /** When each queued message was sent (ms): with its delay, when it became available. */
  private readonly sentAt = new Map<number, number>();
  /** Counts every change of the queue (the snapshot's revision); the listeners are waitForChange()'s. */
  private changes = 0;
  private readonly changeListeners = new Set<() => void>();
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
    this.sentAt.set(id, this.now());
    const delay = stamped.last(DelayStamp)?.delay;
    if (delay !== undefined && delay > 0) this.availableAt.set(id, this.now() + delay);
    this.changed();
    return stamped;
  }

  async sendMany(envelopes: readonly Envelope[]): Promise<Envelope[]> {
    const sent: Envelope[] = [];
    for (const envelope of envelopes) sent.push(await this.send(envelope));
    return sent;
  }

  /** Takes the next waiting message (up to `maxMessages` of them). */
  async get(options?: ReceiveOptions): Promise<readonly Envelope[]> {
    const max = options?.maxMessages ?? 1;
    const ready: Envelope[] = [];
    if (max < 1) return ready;
    for (const id of this.waiting()) {
      this.taken.add(id);
      ready.push(this.decode(this.queue.get(id)!).with(new AvailableAtStamp(this.availableSince(id))));
      if (ready.length >= max) break;
    }
    if (ready.length > 0) this.changed();
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

  async ackMany(envelopes: readonly Envelope[]): Promise<void> {
    for (const envelope of envelopes) await this.ack(envelope);
  }

  async rejectMany(envelopes: readonly Envelope[]): Promise<void> {
    for (const envelope of envelopes) await this.reject(envelope);
  }

  /** Gives back messages taken and not handled: waiting again, in their place. */
  async release(envelopes: readonly Envelope[]): Promise<void> {
    for (const envelope of envelopes) this.taken.delete(this.idOf(envelope));
    if (envelopes.length > 0) this.changed();
  }

  async all(limit?: number, offset = 0): Promise<readonly Envelope[]> {
    return this.waitingIds()
      .slice(offset, limit === undefined ? undefined : offset + limit)
      .map((id) => this.decode(this.queue.get(id)!));
  }

  async find(id: string | number): Promise<Envelope | undefined> {
    const stored = this.queue.get(Number(id));
    return stored === undefined ? undefined : this.decode(stored);
  }

  /** Messages waiting to be taken (not delayed, not taken). */
  async getMessageCount(): Promise<number> {
    return this.waitingIds().length;
  }

  async getQueueSnapshot(): Promise<QueueSnapshot> {
    const waiting = this.waitingIds();
    const oldest = waiting.reduce<number | null>((min, id) => Math.min(min ?? Infinity, this.availableSince(id)), null);
    return { count: waiting.length, oldestAvailableAt: oldest, revision: String(this.changes), consumers: null };
  }

  /** Only this process can change an in-memory queue: its changes wake the wait at once. */
  waitForChange(signal: AbortSignal, timeoutMs: number): Promise<void> {
    return abortableWait(signal, timeoutMs, (wake) => {
      this.changeListeners.add(wake);
      return () => this.changeListeners.delete(wake);
    });
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
    this.sentAt.clear();
    this.taken.clear();
    this.changed();
  }

  private waitingIds(): number[] {
    return [...this.waiting()];
  }

  /** Waiting ids, oldest first, found lazily: get() stops at the batch it takes instead of walking the whole queue. */
  private *waiting(): Generator<number> {
    const now = this.now();
    for (const id of this.queue.keys()) {
      const at = this.availableAt.get(id);
      if (!this.taken.has(id) && (at === undefined || at <= now)) yield id;
    }
  }

  private remove(envelope: Envelope): void {
    const id = this.idOf(envelope);
    this.queue.delete(id);
    this.availableAt.delete(id);
    this.sentAt.delete(id);
    this.taken.delete(id);
    this.changed();
  }

  private idOf(envelope: Envelope): number {
    const id = envelope.last(TransportMessageIdStamp)?.id;
    if (id === undefined)
      throw new LogicException(
        'No TransportMessageIdStamp found on the envelope: it did not come from this transport.',
      );
    return Number(id);
  }

  private availableSince(id: number): number {
    return this.availableAt.get(id) ?? this.sentAt.get(id) ?? this.now();
  }

  private changed(): void {
    this.changes++;
    for (const wake of [...this.changeListeners]) wake();
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
