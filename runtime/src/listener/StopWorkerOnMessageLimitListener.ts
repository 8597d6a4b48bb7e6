import { InvalidArgumentException } from '../errors/MessengerException.js';
import { type EventSubscriber, listen } from '../event/EventDispatcher.js';
import { WorkerRunningEvent } from '../event/workerEvents.js';
import type { Logger } from '../log/Logger.js';

/** Stops the worker once it has received `limit` messages (`consume --limit`). */
export class StopWorkerOnMessageLimitListener implements EventSubscriber {
  private received = 0;

  constructor(
    private readonly limit: number,
    private readonly logger?: Logger,
  ) {
    if (!(Number.isInteger(limit) && limit > 0))
      throw new InvalidArgumentException(`Message limit must be a whole number greater than zero, got ${limit}.`);
  }

  getSubscribedEvents() {
    return [listen(WorkerRunningEvent, (event) => this.onWorkerRunning(event))];
  }

  onWorkerRunning(event: WorkerRunningEvent): void {
    if (event.isWorkerIdle || ++this.received < this.limit) return;
    this.received = 0;
    event.worker.stop(`processed ${this.limit} message${this.limit === 1 ? '' : 's'}`);
    this.logger?.log('info', 'Worker stopped due to maximum count of {count} messages processed', {
      count: this.limit,
    });
  }
}
