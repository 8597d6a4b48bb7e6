import type { Messenger } from '../app/Messenger.js';
import type { Envelope } from '../Envelope.js';
import {
  WorkerMessageFailedEvent,
  WorkerMessageHandledEvent,
  WorkerMessageRetriedEvent,
} from '../event/workerEvents.js';
import type { Logger } from '../log/Logger.js';
import { ErrorDetailsStamp } from '../stamp/ErrorDetailsStamp.js';
import { TransportMessageIdStamp } from '../stamp/TransportMessageIdStamp.js';
import { SingleMessageReceiver } from '../transport/receiver/SingleMessageReceiver.js';
import type { ListableReceiver } from '../transport/Transport.js';
import type { RetryResult } from './FailedMessages.js';

export type RetryOutcome = Pick<RetryResult, 'result' | 'error' | 'willRetry' | 'newId'>;

/**
 * Handles one message of a failure transport with a worker that receives only it, as if
 * consumed from that transport (Symfony's failed:retry does the same): it leaves the transport
 * when handled, and when it fails again the retry rules of the failure transport apply.
 */
export async function retryMessage(
  messenger: Messenger,
  transportName: string,
  receiver: ListableReceiver,
  envelope: Envelope,
  logger: Logger | undefined,
): Promise<RetryOutcome> {
  const worker = messenger.createWorker({
    receivers: new Map([[transportName, new SingleMessageReceiver(receiver, envelope)]]),
    limit: 1,
    stopOnRestartSignal: false,
    logger,
  });
  let outcome: RetryOutcome = { result: 'skipped', error: null, willRetry: false, newId: null };
  // Failing again, it goes back to the failure transport as a new message, with an id of its own.
  let newId: string | number | null = null;
  worker.on(WorkerMessageRetriedEvent, (event) => {
    newId = event.envelope.last(TransportMessageIdStamp)?.id ?? null;
  });
  worker.on(WorkerMessageHandledEvent, () => {
    outcome = { result: 'handled', error: null, willRetry: false, newId: null };
  });
  worker.on(
    WorkerMessageFailedEvent,
    (event) => {
      const details = event.envelope.last(ErrorDetailsStamp) ?? ErrorDetailsStamp.create(event.error);
      outcome = {
        result: 'failed',
        error: { class: details.exceptionClass, message: details.exceptionMessage, code: details.exceptionCode },
        willRetry: event.willRetry(),
        newId: null,
      };
    },
    // After the retry listener, which decides whether it goes back to the failure transport.
    -1000,
  );
  await worker.run({ sleep: 0 });
  return outcome.result === 'failed' ? { ...outcome, newId } : outcome;
}
