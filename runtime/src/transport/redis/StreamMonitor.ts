import type { QueueSnapshot } from '../Transport.js';
import { RedisCommands as Commands, type RedisCommands } from './RedisCommands.js';
import type { StreamListing } from './StreamListing.js';

/** A consumer that read the stream this recently counts as live, whatever wrote it (a PHP worker does not beat). */
const RECENTLY_MS = 10_000;

/**
 * The stream as a monitoring view sees it: the waiting entries (the group's lag; the oldest
 * one's id is its time), the newest entry, and the group's live consumers: those whose
 * liveness key (ConsumerLiveness) is still there, or who read the stream in the last seconds.
 */
export class StreamMonitor {
  constructor(
    private readonly redis: RedisCommands,
    private readonly listing: StreamListing,
    private readonly stream: string,
    private readonly group: string,
  ) {}

  async snapshot(): Promise<QueueSnapshot> {
    const [count, [oldest], newest, consumers] = await Promise.all([
      this.listing.getMessageCount(),
      this.listing.findAll(1),
      this.redis.call<unknown[]>('XREVRANGE', this.stream, '+', '-', 'COUNT', 1).then(Commands.entries),
      this.consumers(),
    ]);
    return {
      count,
      oldestAvailableAt: oldest === undefined ? null : entryTime(oldest.id),
      revision: `${count}:${newest[0]?.id ?? ''}`,
      consumers,
    };
  }

  private async consumers(): Promise<number> {
    let raw: unknown[];
    try {
      raw = await this.redis.call<unknown[]>('XINFO', 'CONSUMERS', this.stream, this.group);
    } catch {
      return 0; // no stream or no group yet: nobody consumes
    }
    const consumers = raw.map(Commands.record);
    if (consumers.length === 0) return 0;
    // One EXISTS per key, not MGET: in a cluster the keys may live on different nodes.
    const beats = await Promise.all(
      consumers.map((c) =>
        this.redis.call<number>('EXISTS', `${this.stream}__consumer:${this.group}:${String(c['name'])}`),
      ),
    );
    return consumers.filter((c, i) => beats[i] === 1 || Number(c['idle'] ?? Infinity) < RECENTLY_MS).length;
  }
}

/** A stream entry's id starts with the time it was added, in ms. */
export function entryTime(id: string): number | null {
  const time = Number(id.split('-')[0]);
  return Number.isFinite(time) ? time : null;
}
