import { randomBytes } from 'node:crypto';
import type { RedisCommands } from './RedisCommands.js';

/** How often a receiving consumer says it is alive, and how long the word lasts. */
const BEAT_INTERVAL_MS = 2000;
const BEAT_TTL_MS = 10_000;

/**
 * Tells when two live workers consume one stream and group under one consumer name (which
 * Symfony's guide forbids: they would read each other's pending messages). Each receiving
 * transport writes its own random id into `<stream>__consumer:<group>:<consumer>` every two
 * seconds, reading back what was there: the same foreign id seen twice means another worker
 * is beating too (a worker that died under that name leaves its id only once).
 */
export class ConsumerLiveness {
  private readonly id = randomBytes(8).toString('hex');
  private readonly key: string;
  private nextBeat = 0;
  private suspect: string | undefined;
  private warned = false;

  constructor(
    private readonly redis: RedisCommands,
    stream: string,
    group: string,
    consumer: string,
  ) {
    this.key = `${stream}__consumer:${group}:${consumer}`;
  }

  /** Beats when due; resolves to true the first time another live worker is detected. */
  async beat(now: number): Promise<boolean> {
    if (now < this.nextBeat) return false;
    this.nextBeat = now + BEAT_INTERVAL_MS;
    const previous = await this.redis.call<string | null>('SET', this.key, this.id, 'PX', BEAT_TTL_MS, 'GET');
    if (previous === null || previous === this.id) {
      this.suspect = undefined;
      return false;
    }
    const twice = previous === this.suspect;
    this.suspect = previous;
    if (!twice || this.warned) return false;
    this.warned = true;
    return true;
  }

  /** Leaves nothing behind on a clean stop, so a restart under the same name is not taken for a second worker. */
  async stop(): Promise<void> {
    if (this.nextBeat === 0) return;
    await this.redis.call(
      'EVAL',
      "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end",
      1,
      this.key,
      this.id,
    );
  }
}
