import { LogicException } from '../../errors/MessengerException.js';
import { TransportException } from '../../errors/TransportException.js';
import type { EncodedEnvelope } from '../serialization/Serializer.js';
import { ConsumerLiveness } from './ConsumerLiveness.js';
import { DelayedMessages } from './DelayedMessages.js';
import { Prefetch } from './Prefetch.js';
import { StreamListing } from './StreamListing.js';
import {
  type ConnectionState,
  type RedisClient,
  RedisCommands,
  RedisReplyException,
  type StreamEntry,
} from './RedisCommands.js';
import type { RedisConfiguration } from './RedisOptions.js';
import { streamValue } from './wireFormat.js';

/** At most this many pending messages of dead consumers are claimed per check. */
const CLAIM_BATCH = 100;
/** A blocking wait for new entries lasts at most this long, then looks at the time again. */
const MAX_BLOCK_MS = 1000;

export interface RedisConnectionParts {
  readonly configuration: RedisConfiguration;
  readonly client: RedisClient;
  /** A second connection for blocking reads (created on first use), so they never hold up the others. */
  readonly blockingClient: () => RedisClient;
  readonly label: string;
  readonly cluster: boolean;
  readonly now: () => number;
  readonly state: ConnectionState;
}

/**
 * Symfony's Redis Connection: one stream, one consumer group, one consumer; delayed messages
 * in `<stream>__queue`; pending messages of consumers that died claimed after
 * `redeliver_timeout`, looked for every `claim_interval`.
 */
export class RedisConnection {
  readonly redis: RedisCommands;
  readonly delayed: DelayedMessages;
  readonly liveness: ConsumerLiveness;
  /** all(), find() and the count, for failed:* and stats. */
  readonly listing: StreamListing;
  private ready: Promise<void> | undefined;
  /** This consumer may own pending messages (it just started, claimed some, or reconnected): read its history first. */
  private couldHavePending = true;
  private nextClaim = 0;
  /** Ids handed out and not acknowledged or rejected yet: never handed out twice by a read of the history. */
  private readonly inProgress = new Set<string>();
  private blocking: RedisCommands | undefined;
  private readonly prefetch: Prefetch;

  constructor(private readonly parts: RedisConnectionParts) {
    const { configuration: c } = parts;
    this.redis = new RedisCommands(parts.client, parts.label, parts.state);
    this.delayed = new DelayedMessages(this.redis, {
      stream: c.stream,
      serializer: c.serializer,
      maxEntries: c.streamMaxEntries,
      cluster: parts.cluster,
    });
    this.liveness = new ConsumerLiveness(this.redis, c.stream, c.group, c.consumer);
    this.listing = new StreamListing(this.redis, c.stream, c.group);
    // Well before another consumer may claim them.
    this.prefetch = new Prefetch(Math.min(1000, c.redeliverTimeout / 4));
  }

  now(): number {
    return this.parts.now();
  }

  get configuration(): RedisConfiguration {
    return this.parts.configuration;
  }

  /** Adds a message to the stream, or to the delayed set when `delay` > 0 ms; returns its id. */
  async add(encoded: EncodedEnvelope, delay = 0): Promise<string> {
    await this.ensureReady();
    if (delay > 0) return this.delayed.add(encoded, this.parts.now() + delay);
    const { stream, streamMaxEntries, serializer } = this.configuration;
    const trim = streamMaxEntries > 0 ? ['MAXLEN', '~', streamMaxEntries] : [];
    return this.redis.call<string>('XADD', stream, ...trim, '*', 'message', streamValue(encoded, serializer));
  }

  /** Takes up to `max` messages: first due delayed ones are moved in, and messages of dead consumers claimed. */
  async get(max = 1): Promise<StreamEntry[]> {
    await this.ensureReady();
    const now = this.parts.now();
    const checkedDelayed = this.delayed.isCheckDue(now);
    if (checkedDelayed) await this.delayed.moveDue(now);
    if (!this.couldHavePending && now >= this.nextClaim) await this.claim(now);
    const prefetched = this.prefetch.take(max, now);
    if (prefetched.stale) this.couldHavePending = true;
    let entries = prefetched.entries.length > 0 ? prefetched.entries : await this.read(max, now);
    if (entries.length === 0 && !checkedDelayed && (await this.delayed.moveDue(now)) > 0)
      entries = await this.read(max, now);
    for (const entry of entries) this.inProgress.add(entry.id);
    return entries;
  }

  /** Acknowledges; deletes the entry too with delete_after_ack, or when it was never delivered (found by failed:*). */
  ack(id: string, delivered = true): Promise<void> {
    return this.finish(id, this.configuration.deleteAfterAck || !delivered);
  }

  reject(id: string, delivered = true): Promise<void> {
    return this.finish(id, this.configuration.deleteAfterReject || !delivered);
  }

  /**
   * Acknowledges (or rejects) several entries with one XACK and at most one XDEL. `delivered`
   * false: found by failed:*, never read by this group, so deleted whatever the options.
   */
  async finishMany(
    entries: ReadonlyArray<{ readonly id: string; readonly delivered: boolean }>,
    failed: boolean,
  ): Promise<void> {
    if (entries.length === 0) return;
    const { stream, group } = this.configuration;
    const deleteAll = failed ? this.configuration.deleteAfterReject : this.configuration.deleteAfterAck;
    for (const { id } of entries) this.inProgress.delete(id);
    const ids = entries.map((e) => e.id);
    const removed = entries.filter((e) => deleteAll || !e.delivered).map((e) => e.id);
    await Promise.all([
      this.redis.call('XACK', stream, group, ...ids),
      removed.length > 0 ? this.redis.call('XDEL', stream, ...removed) : undefined,
    ]);
  }

  /** Restarts the message's idle time (Symfony 7.2's keepalive: XCLAIM to itself). */
  async keepalive(id: string, seconds?: number): Promise<void> {
    const { redeliverTimeout, stream, group, consumer } = this.configuration;
    if (seconds !== undefined && seconds * 1000 >= redeliverTimeout)
      throw new TransportException(
        `${this.parts.label}: the keepalive interval (${seconds} s) must be shorter than the transport's redeliver_timeout (${redeliverTimeout / 1000} s).`,
      );
    const claimed = await this.redis.call<string[]>('XCLAIM', stream, group, consumer, 0, id, 'JUSTID');
    if (claimed.length === 0)
      throw new TransportException(
        `${this.parts.label}: message "${id}" is no longer pending: it cannot be kept alive.`,
      );
  }

  /** Creates the stream and the group (MKSTREAM), refusing delete_after_* on a stream several groups read. */
  async setup(): Promise<void> {
    const { stream, group, deleteAfterAck, deleteAfterReject } = this.configuration;
    try {
      await this.redis.call('XGROUP', 'CREATE', stream, group, 0, 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof RedisReplyException && error.code === 'BUSYGROUP')) throw error;
    }
    if (deleteAfterAck || deleteAfterReject) {
      const groups = await this.redis.call<unknown[]>('XINFO', 'GROUPS', stream);
      if (groups.length > 1)
        throw new LogicException(
          `More than one group exists for stream "${stream}", delete_after_ack and delete_after_reject cannot be enabled as it risks deleting messages before all groups could consume them.`,
        );
    }
    this.ready = Promise.resolve();
  }

  /** Waits on a blocking connection until an entry the group has not delivered appears, a delayed message is due, or `signal` aborts. */
  async waitForMessages(signal: AbortSignal): Promise<void> {
    try {
      const group = await this.listing.groupInfo();
      const after = group?.lastDeliveredId ?? '0-0';
      this.blocking ??= new RedisCommands(this.parts.blockingClient(), this.parts.label, this.parts.state);
      while (!signal.aborted) {
        const untilDue = (this.delayed.nextDueAt ?? Number.POSITIVE_INFINITY) - this.parts.now();
        if (untilDue <= 0) return;
        const block = Math.max(1, Math.min(MAX_BLOCK_MS, Math.ceil(untilDue)));
        const reply = await this.blocking.call(
          'XREAD',
          'COUNT',
          1,
          'BLOCK',
          block,
          'STREAMS',
          this.configuration.stream,
          after,
        );
        if (reply !== null) return;
      }
    } catch {
      // A lost connection or a closed transport: let the worker ask get(), which reports it.
    }
  }

  /** After a reconnection: a reply may have been lost, so messages may be pending for this consumer. */
  connectionRestored(): void {
    this.couldHavePending = true;
  }

  /** Puts prefetched messages back at the end of the stream (each in one MULTI), so no worker waits redeliver_timeout for them. */
  async close(): Promise<void> {
    const { stream, group } = this.configuration;
    for (const entry of this.prefetch.clear()) {
      if (entry.value === null) continue;
      try {
        await this.redis.transaction([
          ['XADD', stream, '*', 'message', entry.value],
          ['XACK', stream, group, entry.id],
          ['XDEL', stream, entry.id],
        ]);
      } catch {
        // Still pending for this consumer: read again when it restarts, or claimed after redeliver_timeout.
      }
    }
    await this.liveness.stop().catch(() => undefined);
  }

  private async finish(id: string, remove: boolean): Promise<void> {
    const { stream, group } = this.configuration;
    this.inProgress.delete(id);
    const acknowledged = this.redis.call('XACK', stream, group, id);
    const deleted = remove ? this.redis.call('XDEL', stream, id) : undefined;
    await Promise.all([acknowledged, deleted]);
  }

  private async read(max: number, now: number): Promise<StreamEntry[]> {
    if (this.couldHavePending) {
      this.prefetch.clear();
      const pending = await this.readHistory(max);
      if (pending.length > 0) return pending;
      this.couldHavePending = false;
    }
    const asked = this.prefetch.nextReadSize(max);
    return this.prefetch.keep(await this.readGroup('>', asked), asked, max, now);
  }

  /** This consumer's pending messages that are not in progress here (a restart, a claim, a lost reply). */
  private async readHistory(max: number): Promise<StreamEntry[]> {
    const count = Math.max(max, 10);
    for (let after = '0'; ; ) {
      const entries = await this.readGroup(after, count);
      const fresh = entries.filter((entry) => !this.inProgress.has(entry.id));
      if (fresh.length > 0) return fresh.slice(0, max);
      if (entries.length < count) return [];
      after = entries[entries.length - 1]!.id;
    }
  }

  private async readGroup(after: string, count: number): Promise<StreamEntry[]> {
    const { stream, group, consumer } = this.configuration;
    let reply: unknown;
    try {
      reply = await this.redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, after);
    } catch (error) {
      if (!(error instanceof RedisReplyException && error.code === 'NOGROUP')) throw error;
      throw new TransportException(
        `${this.parts.label}: the stream "${stream}" or its consumer group "${group}" does not exist. Run \`messenger setup-transports\`, or set the transport option auto_setup to true.`,
        { cause: error },
      );
    }
    const entries = RedisCommands.streamEntries(reply);
    const deleted = entries.filter((entry) => entry.value === null);
    // Trimmed (stream_max_entries) while pending: nothing left to handle, so it leaves the pending list, as in Symfony.
    for (const entry of deleted) await this.redis.call('XACK', stream, group, entry.id);
    return deleted.length === 0 ? entries : entries.filter((entry) => entry.value !== null);
  }

  /** Claims messages pending longer than redeliver_timeout (their consumer died) for this consumer. */
  private async claim(now: number): Promise<void> {
    const { stream, group, consumer, redeliverTimeout, claimInterval } = this.configuration;
    this.nextClaim = now + claimInterval;
    const [, ids] = await this.redis.call<[string, string[]]>(
      'XAUTOCLAIM',
      stream,
      group,
      consumer,
      Math.ceil(redeliverTimeout),
      '0-0',
      'COUNT',
      CLAIM_BATCH,
      'JUSTID',
    );
    if (ids.length > 0) this.couldHavePending = true;
  }

  /** With auto_setup, the stream and group are created on first use. */
  private ensureReady(): Promise<void> {
    if (!this.configuration.autoSetup) return Promise.resolve();
    this.ready ??= this.setup().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }
}
