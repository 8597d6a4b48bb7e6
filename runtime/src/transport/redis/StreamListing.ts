import type { RedisCommands, StreamEntry } from './RedisCommands.js';
import { RedisCommands as Commands, RedisReplyException } from './RedisCommands.js';

const STREAM_ID = /^\d{1,20}(-\d{1,20})?$/;

/**
 * What `failed:*` and `messenger stats` see of a stream: the entries waiting for the group (after
 * its last delivered entry), oldest first; delayed messages are not in the stream yet and are
 * not counted, as Symfony counts.
 */
export class StreamListing {
  constructor(
    private readonly redis: RedisCommands,
    private readonly stream: string,
    private readonly group: string,
  ) {}

  async getMessageCount(): Promise<number> {
    const group = await this.groupInfo();
    if (group === undefined) return 0;
    // Redis 7 tells the lag, unless deleted entries make it unknown.
    if (typeof group.lag === 'number') return group.lag;
    return (await this.waiting(group.lastDeliveredId)).length;
  }

  async findAll(limit?: number, offset = 0): Promise<StreamEntry[]> {
    const group = await this.groupInfo();
    if (group === undefined) return [];
    const entries = await this.waiting(group.lastDeliveredId, limit === undefined ? undefined : offset + limit);
    return entries.slice(offset);
  }

  async find(id: string): Promise<StreamEntry | undefined> {
    if (!STREAM_ID.test(id)) return undefined;
    const [entry] = Commands.entries(await this.redis.call('XRANGE', this.stream, id, id));
    return entry?.value === null ? undefined : entry;
  }

  /** The group's last delivered id and lag; undefined when the stream does not exist; '0-0' when the group does not (yet). */
  async groupInfo(): Promise<{ lastDeliveredId: string; lag: unknown } | undefined> {
    let groups: unknown[];
    try {
      groups = await this.redis.call<unknown[]>('XINFO', 'GROUPS', this.stream);
    } catch (error) {
      if (error instanceof RedisReplyException && /no such key/i.test(error.message)) return undefined;
      throw error;
    }
    const ours = groups.map(Commands.record).find((g) => g['name'] === this.group);
    if (ours === undefined) return { lastDeliveredId: '0-0', lag: undefined };
    return { lastDeliveredId: String(ours['last-delivered-id']), lag: ours['lag'] };
  }

  private async waiting(lastDeliveredId: string, count?: number): Promise<StreamEntry[]> {
    const start = lastDeliveredId === '0-0' ? '-' : `(${lastDeliveredId}`;
    const limit = count === undefined ? [] : ['COUNT', count];
    const entries = Commands.entries(await this.redis.call('XRANGE', this.stream, start, '+', ...limit));
    return entries.filter((entry) => entry.value !== null);
  }
}
