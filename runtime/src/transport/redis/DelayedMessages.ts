import type { EncodedEnvelope } from '../serialization/Serializer.js';
import type { RedisCommands } from './RedisCommands.js';
import { delayedMember, readWireMessage, streamValue } from './wireFormat.js';

/** While messages flow, the delayed set is looked at this often (and always when the stream is empty). */
const CHECK_INTERVAL_MS = 1000;
/** At most this many due messages are moved per look. */
const MOVE_BATCH = 100;

/** Moves one due member into the stream, only if this consumer removed it: two consumers never both move it. */
const MOVE_SCRIPT = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return false end
if tonumber(ARGV[3]) > 0 then return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'message', ARGV[2]) end
return redis.call('XADD', KEYS[2], '*', 'message', ARGV[2])`;

export interface DelayedSettings {
  readonly stream: string;
  readonly serializer: number;
  readonly maxEntries: number;
  /** In a cluster the set and the stream live on different nodes: no script can touch both. */
  readonly cluster: boolean;
}

/**
 * Symfony's delayed messages: the sorted set `<stream>__queue`, scored with the due time (ms).
 * A consumer moves due members into the stream before reading it. It looks again when the
 * earliest due time it knows of has come, at most a second later while messages flow, and
 * whenever the stream is empty: never in a loop of its own.
 */
export class DelayedMessages {
  readonly key: string;
  private nextCheck = 0;

  constructor(
    private readonly redis: RedisCommands,
    private readonly settings: DelayedSettings,
  ) {
    this.key = `${settings.stream}__queue`;
  }

  /** Adds a message due at `dueAt` (ms); returns its uniqid (its id until it reaches the stream). */
  async add(encoded: EncodedEnvelope, dueAt: number): Promise<string> {
    const { member, uniqid } = delayedMember(encoded);
    await this.redis.call('ZADD', this.key, 'NX', Math.round(dueAt), member);
    this.nextCheck = Math.min(this.nextCheck, dueAt);
    return uniqid;
  }

  isCheckDue(now: number): boolean {
    return now >= this.nextCheck;
  }

  /** When the earliest delayed message is due (undefined: none, or not known since the last look). */
  get nextDueAt(): number | undefined {
    return Number.isFinite(this.nextCheck) ? this.nextCheck : undefined;
  }

  /** Moves the messages due at `now` into the stream; returns how many this consumer moved. */
  async moveDue(now: number): Promise<number> {
    const due = await this.redis.call<string[]>('ZRANGEBYSCORE', this.key, '-inf', now, 'LIMIT', 0, MOVE_BATCH);
    let moved = 0;
    for (const member of due) if (await this.move(member)) moved++;
    // RESP2 answers [member, score], RESP3 [[member, score]].
    const [, score] = (await this.redis.call<unknown[]>('ZRANGE', this.key, 0, 0, 'WITHSCORES')).flat();
    const nextDue = score === undefined ? Number.POSITIVE_INFINITY : Number(score);
    this.nextCheck = due.length === MOVE_BATCH ? now : Math.min(now + CHECK_INTERVAL_MS, nextDue);
    return moved;
  }

  /** Messages waiting in the set, for all() and counts (they are not in the stream yet). */
  async count(): Promise<number> {
    return Number(await this.redis.call('ZCARD', this.key));
  }

  private async move(member: string): Promise<boolean> {
    const message = readWireMessage(member);
    // A member that is not Symfony's JSON is moved as the body of a message, as Symfony does: the worker then reports it undecodable.
    const encoded = message.ok ? message : { body: member, headers: {} };
    const value = streamValue(encoded, this.settings.serializer);
    const { stream, maxEntries } = this.settings;
    if (!this.settings.cluster)
      return (await this.redis.call('EVAL', MOVE_SCRIPT, 2, this.key, stream, member, value, maxEntries)) !== null;
    // Two commands: removing first means two consumers never both move it; a crash in between loses it (as in Symfony).
    if (Number(await this.redis.call('ZREM', this.key, member)) === 0) return false;
    const trim = maxEntries > 0 ? ['MAXLEN', '~', maxEntries] : [];
    await this.redis.call('XADD', stream, ...trim, '*', 'message', value);
    return true;
  }
}
