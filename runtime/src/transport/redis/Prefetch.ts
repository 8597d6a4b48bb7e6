import type { StreamEntry } from './RedisCommands.js';

/** Reads grow up to this many entries while every read comes back full (a backlog). */
const MAX_READ = 32;
/** A prefetched entry is handed out only this soon after it was read (and well before redeliver_timeout). */
const MAX_AGE_MS = 1000;

/**
 * Entries read ahead of the worker while a backlog lasts: a worker that keeps finding messages
 * reads 1, 2, 4… up to 32 per XREADGROUP, and get() hands them out one at a time, so a busy
 * worker pays one round trip per message (its acknowledgement) instead of two. An idle or
 * trickling stream is read one entry at a time, as Symfony does.
 *
 * Prefetched entries are pending for this consumer in Redis. One that waited too long is not
 * handed out (another consumer may have claimed it by now): the consumer reads its pending
 * history again, which only returns what it still owns. On close() the entries still here are
 * put back at the end of the stream (see RedisConnection.close).
 */
export class Prefetch {
  private entries: Array<{ readonly entry: StreamEntry; readonly readAt: number }> = [];
  private readSize = 1;

  constructor(private readonly maxAge: number = MAX_AGE_MS) {}

  /** How many entries the next read should ask for, to hand out `max`. */
  nextReadSize(max: number): number {
    return Math.max(max, this.readSize);
  }

  /** Keeps what a read returned beyond the `max` handed out; a full read lets the next one grow. */
  keep(read: readonly StreamEntry[], asked: number, max: number, now: number): StreamEntry[] {
    this.readSize = read.length === asked ? Math.min(asked * 2, MAX_READ) : 1;
    for (const entry of read.slice(max)) this.entries.push({ entry, readAt: now });
    return read.slice(0, max);
  }

  /** Up to `max` prefetched entries; `stale` is true when some were too old to hand out (they were dropped). */
  take(max: number, now: number): { entries: StreamEntry[]; stale: boolean } {
    const fresh = this.entries.filter((e) => now - e.readAt <= this.maxAge);
    const stale = fresh.length < this.entries.length;
    this.entries = fresh.slice(max);
    return { entries: fresh.slice(0, max).map((e) => e.entry), stale };
  }

  /** Forgets the prefetched entries (a read of the pending history returns them again, if still ours). */
  clear(): StreamEntry[] {
    const dropped = this.entries.map((e) => e.entry);
    this.entries = [];
    this.readSize = 1;
    return dropped;
  }
}
