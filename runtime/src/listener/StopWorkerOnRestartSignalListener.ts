import { type EventSubscriber, listen } from '../event/EventDispatcher.js';
import { WorkerRunningEvent, WorkerStartedEvent } from '../event/workerEvents.js';
import type { Logger } from '../log/Logger.js';
import { type Clock, SystemClock } from '../worker/Clock.js';
import { readRestartRequestedAt } from '../worker/restartSignal.js';

/**
 * Stops the worker when `messenger stop-workers` was run after it started. The signal file is
 * read when the worker is idle and at most once per `checkInterval` ms while it is busy, so a
 * busy worker stops within that time after the request (always after its current message).
 */
export class StopWorkerOnRestartSignalListener implements EventSubscriber {
  private startedAt = 0;
  private lastCheck = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly signalFile: string,
    private readonly logger?: Logger,
    private readonly clock: Clock = new SystemClock(),
    private readonly checkInterval = 1000,
  ) {}

  getSubscribedEvents() {
    return [
      listen(WorkerStartedEvent, () => {
        this.startedAt = this.clock.now();
      }),
      listen(WorkerRunningEvent, (event) => this.onWorkerRunning(event)),
    ];
  }

  onWorkerRunning(event: WorkerRunningEvent): void {
    const now = this.clock.now();
    if (!event.isWorkerIdle && now - this.lastCheck < this.checkInterval) return;
    this.lastCheck = now;
    const requestedAt = readRestartRequestedAt(this.signalFile);
    if (requestedAt === undefined || requestedAt <= this.startedAt) return;
    event.worker.stop('received a stop signal via the messenger stop-workers command');
    this.logger?.log('info', 'Worker stopped because a restart was requested.');
  }
}
