import { type EventSubscriber, listen } from '../event/EventDispatcher.js';
import { WorkerMessageFailedEvent } from '../event/workerEvents.js';
import { ErrorDetailsStamp } from '../stamp/ErrorDetailsStamp.js';

/** Records why a message failed (class, message, code, trace); the same error twice in a row is recorded once. */
export class AddErrorDetailsStampListener implements EventSubscriber {
  getSubscribedEvents() {
    // Before the retry listener (100), so the retried envelope carries the error.
    return [listen(WorkerMessageFailedEvent, (event) => this.onMessageFailed(event), 200)];
  }

  onMessageFailed(event: WorkerMessageFailedEvent): void {
    const stamp = ErrorDetailsStamp.create(event.error);
    if (!stamp.equals(event.envelope.last(ErrorDetailsStamp))) event.addStamps(stamp);
  }
}
