import { Acknowledger } from './Acknowledger.js';

/** A message of a batch and what acknowledges it. */
export type BatchJob<M> = readonly [message: M, ack: Acknowledger];

/**
 * Base class of batch handlers (Symfony's BatchHandlerInterface with BatchHandlerTrait).
 * A worker hands messages over one by one with an Acknowledger; they are processed together
 * once `getBatchSize()` are pending, when the worker becomes idle, and when it stops.
 *
 * ```ts
 * @AsMessageHandler(IndexDocument)
 * class IndexDocumentHandler extends BatchHandler<IndexDocument> {
 *   __invoke(message: IndexDocument, ack?: Acknowledger) { return this.handle(message, ack); }
 *   protected async process(jobs: BatchJob<IndexDocument>[]) {
 *     await search.bulkIndex(jobs.map(([message]) => message));   // then ack each, or nack with the error
 *     for (const [, ack] of jobs) ack.ack();
 *   }
 * }
 * ```
 * Dispatched directly (no worker, no Acknowledger), a message is processed at once, alone.
 */
export abstract class BatchHandler<M extends object = object> {
  private jobs: Array<BatchJob<M>> = [];

  /**
   * Processes the pending batch; `force` is true when the worker stops (a handler may skip a
   * non-forced flush). If process() throws, every job it did not complete is nacked with that
   * error, so those messages fail (and are retried) instead of staying unacknowledged.
   */
  flush(_force: boolean): void | Promise<void> {
    if (this.jobs.length === 0) return;
    const jobs = this.jobs;
    this.jobs = [];
    let processed: void | Promise<void>;
    try {
      processed = this.process(jobs);
    } catch (error) {
      nackPending(jobs, error);
      return;
    }
    if (typeof (processed as PromiseLike<void> | undefined)?.then !== 'function') return;
    return Promise.resolve(processed).catch((error: unknown) => nackPending(jobs, error));
  }

  /**
   * Call it from the handling method. With an Acknowledger, returns the number of messages
   * still pending (0 once the batch was processed); without, processes the message alone and
   * returns its result (or throws its error).
   */
  protected handle(message: M, ack: Acknowledger | undefined): number | Promise<number> | unknown {
    if (ack === undefined) {
      const own = new Acknowledger(this.constructor.name);
      this.jobs.push([message, own]);
      const flushed = this.flush(true);
      return flushed === undefined ? outcome(own) : flushed.then(() => outcome(own));
    }
    this.jobs.push([message, ack]);
    if (!this.shouldFlush()) return this.jobs.length;
    const flushed = this.flush(true);
    return flushed === undefined ? 0 : flushed.then(() => 0);
  }

  protected shouldFlush(): boolean {
    return this.getBatchSize() <= this.jobs.length;
  }

  protected getBatchSize(): number {
    return 10;
  }

  /** Completes the jobs: call `ack(result)` or `nack(error)` on each one's Acknowledger. */
  protected abstract process(jobs: Array<BatchJob<M>>): void | Promise<void>;
}

function outcome(ack: Acknowledger): unknown {
  if (ack.isFailed()) throw ack.getError();
  return ack.getResult();
}

function nackPending(jobs: ReadonlyArray<BatchJob<object>>, error: unknown): void {
  for (const [, ack] of jobs) if (!ack.isAcknowledged()) ack.nack(error);
}
