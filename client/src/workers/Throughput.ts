/**
 * Messages handled and failed per minute, and how long they waited, per transport and per
 * worker, from the events of the workers started here (what Horizon's and Bull Board's
 * throughput charts show). Minutes older than the window are forgotten.
 */
import type { WorkerEvent } from './workerEvents';

const MINUTE = 60_000;

interface Bucket {
  handled: number;
  failed: number;
  retried: number;
  waitTotal: number;
  waits: number;
}

/** One series as the charts draw it: a point per minute, oldest first. */
export interface ThroughputSeries {
  /** The start of each minute (ms). */
  readonly minutes: readonly number[];
  readonly handled: readonly number[];
  /** Messages that failed for good. */
  readonly failed: readonly number[];
  readonly retried: readonly number[];
  /** The mean wait of the messages received that minute (ms); null when none was, or the transport cannot tell. */
  readonly waitMs: ReadonlyArray<number | null>;
}

export class Throughput {
  private readonly series = new Map<string, Map<number, Bucket>>();

  constructor(private readonly windowMinutes = 30) {}

  /** Counts one event of worker `workerId` (at `at`, ms). */
  record(workerId: number, event: WorkerEvent, at: number): void {
    if (event.kind !== 'handled' && event.kind !== 'failed' && event.kind !== 'received') return;
    const minute = Math.floor(at / MINUTE) * MINUTE;
    for (const key of [`transport:${event.transport}`, `worker:${workerId}`]) {
      const bucket = this.bucket(key, minute);
      if (event.kind === 'handled') bucket.handled++;
      else if (event.kind === 'failed') {
        if (event.willRetry) bucket.retried++;
        else bucket.failed++;
      } else if (typeof event.waitMs === 'number') {
        bucket.waitTotal += event.waitMs;
        bucket.waits++;
      }
    }
    this.prune(minute);
  }

  forTransport(name: string, now: number): ThroughputSeries {
    return this.read(`transport:${name}`, now);
  }

  forWorker(id: number, now: number): ThroughputSeries {
    return this.read(`worker:${id}`, now);
  }

  /** Whether anything was counted for this transport in the window. */
  has(key: { transport: string } | { worker: number }): boolean {
    return this.series.has('transport' in key ? `transport:${key.transport}` : `worker:${key.worker}`);
  }

  private read(key: string, now: number): ThroughputSeries {
    const buckets = this.series.get(key);
    const last = Math.floor(now / MINUTE) * MINUTE;
    const minutes = Array.from({ length: this.windowMinutes }, (_, i) => last - (this.windowMinutes - 1 - i) * MINUTE);
    const at = (m: number): Bucket | undefined => buckets?.get(m);
    return {
      minutes,
      handled: minutes.map((m) => at(m)?.handled ?? 0),
      failed: minutes.map((m) => at(m)?.failed ?? 0),
      retried: minutes.map((m) => at(m)?.retried ?? 0),
      waitMs: minutes.map((m) => {
        const b = at(m);
        return b === undefined || b.waits === 0 ? null : Math.round(b.waitTotal / b.waits);
      }),
    };
  }

  private bucket(key: string, minute: number): Bucket {
    let buckets = this.series.get(key);
    if (buckets === undefined) this.series.set(key, (buckets = new Map()));
    let bucket = buckets.get(minute);
    if (bucket === undefined)
      buckets.set(minute, (bucket = { handled: 0, failed: 0, retried: 0, waitTotal: 0, waits: 0 }));
    return bucket;
  }

  private prune(now: number): void {
    const oldest = now - this.windowMinutes * MINUTE;
    for (const buckets of this.series.values())
      for (const minute of buckets.keys()) if (minute < oldest) buckets.delete(minute);
  }
}
