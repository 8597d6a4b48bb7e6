import { HandlerFailedException } from '../errors/HandlerFailedException.js';
import { StopWorkerException } from '../errors/StopWorkerException.js';
import { type EventSubscriber, listen } from '../event/EventDispatcher.js';
import { WorkerMessageFailedEvent, WorkerRunningEvent } from '../event/workerEvents.js';

/** Stops the worker after a handler threw a StopWorkerException (the message itself fails as usual). */
export class StopWorkerOnCustomStopExceptionListener implements EventSubscriber {
  private stop = false;

  getSubscribedEvents() {
    return [
      listen(WorkerMessageFailedEvent, (event) => this.onMessageFailed(event)),
      listen(WorkerRunningEvent, (event) => {
        if (this.stop) event.worker.stop('a handler threw StopWorkerException');
      }),
    ];
  }

  onMessageFailed(event: WorkerMessageFailedEvent): void {
    const error = event.error;
    if (error instanceof StopWorkerException) this.stop = true;
    if (error instanceof HandlerFailedException && error.getWrappedExceptions(StopWorkerException).length > 0)
      this.stop = true;
  }
}
