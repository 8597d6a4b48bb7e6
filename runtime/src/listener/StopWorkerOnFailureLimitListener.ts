import { InvalidArgumentException } from '../errors/MessengerException.js';
import { type EventSubscriber, listen } from '../event/EventDispatcher.js';
import { WorkerMessageFailedEvent, WorkerRunningEvent } from '../event/workerEvents.js';
import type { Logger } from '../log/Logger.js';

/** Stops the worker once `limit` messages failed (`consume --failure-limit`), e.g. when a database it needs is down. */
export class StopWorkerOnFailureLimitListener implements EventSubscriber {
  private failed = 0;

  constructor(
    private readonly limit: number,
    private readonly logger?: Logger,
  ) {
    if (!(Number.isInteger(limit) && limit > 0))
      throw new InvalidArgumentException(`Failure limit must be a whole number greater than zero, got ${limit}.`);
  }

  getSubscribedEvents() {
    return [
      listen(WorkerMessageFailedEvent, () => {
        this.failed++;
      }),
      listen(WorkerRunningEvent, (event) => this.onWorkerRunning(event)),
    ];
  }

  onWorkerRunning(event: WorkerRunningEvent): void {
    if (event.isWorkerIdle || this.failed < this.limit) return;
    this.failed = 0;
    event.worker.stop(`reached ${this.limit} failed message${this.limit === 1 ? '' : 's'}`);
    this.logger?.log('info', 'Worker stopped due to limit of {count} failed message(s) is reached', {
      count: this.limit,
    });
  }
}
