import { InvalidArgumentException } from '../errors/MessengerException.js';
import { type EventSubscriber, listen } from '../event/EventDispatcher.js';
import { WorkerRunningEvent, WorkerStartedEvent } from '../event/workerEvents.js';
import type { Logger } from '../log/Logger.js';
import { type Clock, SystemClock } from '../worker/Clock.js';

/** Stops the worker after it ran `seconds` (`consume --time-limit`); a message being handled is finished first. */
export class StopWorkerOnTimeLimitListener implements EventSubscriber {
  private endTime = Number.POSITIVE_INFINITY;

  constructor(
    private readonly seconds: number,
    private readonly logger?: Logger,
    private readonly clock: Clock = new SystemClock(),
  ) {
    if (!(seconds > 0)) throw new InvalidArgumentException(`Time limit must be greater than zero, got ${seconds}.`);
  }

  getSubscribedEvents() {
    return [
      listen(WorkerStartedEvent, () => {
        this.endTime = this.clock.now() + this.seconds * 1000;
      }),
      listen(WorkerRunningEvent, (event) => this.onWorkerRunning(event)),
    ];
  }

  onWorkerRunning(event: WorkerRunningEvent): void {
    if (this.clock.now() < this.endTime) return;
    event.worker.stop(`been running for ${this.seconds}s`);
    this.logger?.log('info', 'Worker stopped due to time limit of {timeLimit}s exceeded', { timeLimit: this.seconds });
  }
}
