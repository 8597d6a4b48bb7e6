import type { Channel, ConsumeMessage } from 'amqplib';

/** A message pushed by RabbitMQ, with what acknowledging it needs. */
export interface Delivery {
  readonly queue: string;
  readonly message: ConsumeMessage;
  readonly channel: Channel;
  readonly consumer: Consumer;
  /** Acknowledged or rejected already. */
  done?: boolean;
}

/** The consumer (basic.consume) of one queue, and what it was pushed. */
export interface Consumer {
  readonly queue: string;
  tag: string | undefined;
  starting: Promise<void> | undefined;
  /** Pushed and not handed out yet. */
  buffer: Delivery[];
  /** Handed out and not acknowledged or rejected yet (on the current channel). */
  inProgress: number;
  /** Messages RabbitMQ said were ready, less those pushed since: more are on their way while above 0. */
  expected: number;
}

/**
 * The messages RabbitMQ pushed to this worker's consumers, one buffer per queue, handed out in
 * the order the queues are asked for; and the waits for the next push. No I/O here.
 */
export class PushedMessages {
  private readonly consumers = new Map<string, Consumer>();
  private readonly waiters = new Set<() => void>();

  /** `prefetch_count`: how many unacknowledged messages RabbitMQ pushes per consumer (0: no limit). */
  constructor(private readonly prefetch: number) {}

  get size(): number {
    return this.consumers.size;
  }

  queues(): string[] {
    return [...this.consumers.keys()];
  }

  consumer(queue: string): Consumer | undefined {
    return this.consumers.get(queue);
  }

  /** The consumer of `queue`, created (not started) if there is none. */
  of(queue: string): Consumer {
    let consumer = this.consumers.get(queue);
    if (consumer === undefined) {
      consumer = { queue, tag: undefined, starting: undefined, buffer: [], inProgress: 0, expected: 0 };
      this.consumers.set(queue, consumer);
    }
    return consumer;
  }

  forget(queue: string): void {
    this.consumers.delete(queue);
  }

  push(consumer: Consumer, message: ConsumeMessage, channel: Channel): void {
    consumer.buffer.push({ queue: consumer.queue, message, channel, consumer });
    if (consumer.expected > 0) consumer.expected--;
    this.wake();
  }

  /** Up to `max` buffered messages, from the first of `queues` that has some on. */
  shift(queues: readonly string[], max: number): Delivery[] {
    const taken: Delivery[] = [];
    for (const queue of queues) {
      const consumer = this.consumers.get(queue);
      if (consumer === undefined) continue;
      const some = consumer.buffer.splice(0, max - taken.length);
      consumer.inProgress += some.length;
      taken.push(...some);
      if (taken.length >= max) break;
    }
    return taken;
  }

  consumingAll(queues: readonly string[]): boolean {
    for (const queue of queues) if (this.consumers.get(queue)?.tag === undefined) return false;
    return true;
  }

  expected(queues: readonly string[]): number {
    let count = 0;
    for (const queue of queues) count += this.consumers.get(queue)?.expected ?? 0;
    return count;
  }

  forgetExpected(queues: readonly string[]): void {
    for (const queue of queues) {
      const consumer = this.consumers.get(queue);
      if (consumer !== undefined) consumer.expected = 0;
    }
  }

  buffered(queues: readonly string[]): number {
    let count = 0;
    for (const queue of queues) count += this.consumers.get(queue)?.buffer.length ?? 0;
    return count;
  }

  /** How many more messages RabbitMQ may push to these consumers now. */
  capacity(queues: readonly string[]): number {
    if (this.prefetch === 0) return Number.POSITIVE_INFINITY;
    let capacity = 0;
    for (const queue of queues) {
      const consumer = this.consumers.get(queue);
      capacity += Math.max(0, this.prefetch - (consumer ? consumer.buffer.length + consumer.inProgress : 0));
    }
    return capacity;
  }

  /** Resolves once one of `queues` has a message, after `ms`, when `signal` aborts or `stopped()` says so; never rejects. */
  waitFor(
    queues: readonly string[],
    ms: number,
    signal: AbortSignal | undefined,
    stopped: () => boolean,
  ): Promise<void> {
    if (this.buffered(queues) > 0 || signal?.aborted || stopped()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.buffered(queues) > 0 || stopped() || signal?.aborted) done();
      };
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      this.waiters.add(check);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Lets every wait look again. */
  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The channel closed: what it pushed goes back to the queues (RabbitMQ's doing); the consumers are to be started again. */
  reset(): void {
    for (const consumer of this.consumers.values()) {
      consumer.tag = undefined;
      consumer.buffer = [];
      consumer.inProgress = 0;
      consumer.expected = 0;
    }
    this.wake();
  }
}
