import type { Envelope } from '../Envelope.js';
import { HandlerFailedException } from '../errors/HandlerFailedException.js';
import { MessageDecodingFailedException } from '../errors/MessageDecodingFailedException.js';
import { RuntimeException } from '../errors/MessengerException.js';
import { RecoverableMessageHandlingException } from '../errors/RecoverableMessageHandlingException.js';
import { UnrecoverableMessageHandlingException } from '../errors/UnrecoverableMessageHandlingException.js';
import type { EventDispatcher } from '../event/EventDispatcher.js';
import { type EventSubscriber, listen } from '../event/EventDispatcher.js';
import { WorkerMessageFailedEvent, WorkerMessageRetriedEvent } from '../event/workerEvents.js';
import type { Logger } from '../log/Logger.js';
import { messageTypeName } from '../message/messageTypeName.js';
import type { RetryStrategy } from '../retry/RetryStrategy.js';
import { DelayStamp } from '../stamp/DelayStamp.js';
import { RedeliveryStamp } from '../stamp/RedeliveryStamp.js';
import { SentForRetryStamp } from '../stamp/SentForRetryStamp.js';
import type { Stamp, StampClass } from '../stamp/Stamp.js';
import { TransportMessageIdStamp } from '../stamp/TransportMessageIdStamp.js';
import { errorMessage } from '../support/errorMessage.js';
import type { Sender } from '../transport/Transport.js';

interface Lookup<T> {
  get(name: string): T | undefined;
}

/** What the listener logs when a message failed and is retried (a JSON worker stream reports it as events instead). */
export const RETRYING_LOG =
  'Error thrown while handling message {class}. Sending for retry #{retryCount} using {delay} ms delay. Error: "{error}"';
/** What it logs when a message failed for the last time. */
export const GIVING_UP_LOG =
  'Error thrown while handling message {class}. Removing from transport after {retryCount} retries. Error: "{error}"';

/**
 * Sends a failed message back to the transport it came from, delayed, when its transport's
 * retry strategy allows it: never for an UnrecoverableMessageHandlingException (nor an
 * undecodable message), always for a RecoverableMessageHandlingException.
 */
export class SendFailedMessageForRetryListener implements EventSubscriber {
  constructor(
    private readonly senders: Lookup<Sender>,
    private readonly retryStrategies: Lookup<RetryStrategy>,
    private readonly logger?: Logger,
    private readonly eventDispatcher?: EventDispatcher,
    /** How many DelayStamps and RedeliveryStamps a message keeps (the first and the latest). */
    private readonly historySize = 10,
  ) {}

  getSubscribedEvents() {
    // Before the failure transport listener (-100), which only acts when no retry is planned.
    return [listen(WorkerMessageFailedEvent, (event) => this.onMessageFailed(event), 100)];
  }

  async onMessageFailed(event: WorkerMessageFailedEvent): Promise<void> {
    const strategy = this.retryStrategies.get(event.receiverName);
    const envelope = event.envelope;
    const error = event.error;
    const context = {
      class: messageTypeName(envelope.message),
      message_id: envelope.last(TransportMessageIdStamp)?.id,
      error: errorMessage(error),
    };
    let retryCount = RedeliveryStamp.getRetryCountFromEnvelope(envelope);
    if (strategy === undefined || !shouldRetry(error, envelope, strategy)) {
      this.logger?.log('critical', GIVING_UP_LOG, { ...context, retryCount });
      return;
    }
    event.setForRetry();
    retryCount++;
    const delay = recoverableDelay(error) ?? strategy.getWaitingTime(envelope, error);
    this.logger?.log('warning', RETRYING_LOG, { ...context, retryCount, delay });
    const sender = this.senders.get(event.receiverName);
    if (sender === undefined)
      throw new RuntimeException(
        `Could not find sender "${event.receiverName}" based on the same receiver to send the failed message to for retry.`,
      );
    const retried = await sender.send(
      this.withLimitedHistory(envelope, new DelayStamp(delay), new RedeliveryStamp(retryCount)),
    );
    // The original is rejected next: a transport that would keep it (bury_on_reject) deletes it instead.
    event.addStamps(new SentForRetryStamp(true));
    await this.eventDispatcher?.dispatch(new WorkerMessageRetriedEvent(retried, event.receiverName));
  }

  /** Adds the stamps, keeping only the first and the latest ones of their class so headers stay small. */
  private withLimitedHistory(envelope: Envelope, ...stamps: Stamp[]): Envelope {
    for (const stamp of stamps) {
      const history = envelope.all(stamp.constructor as StampClass);
      if (history.length < this.historySize) {
        envelope = envelope.with(stamp);
        continue;
      }
      const kept = [history[0]!, ...history.slice(history.length - this.historySize + 2), stamp];
      envelope = envelope.withoutAll(stamp.constructor as StampClass).with(...kept);
    }
    return envelope;
  }
}

function shouldRetry(error: unknown, envelope: Envelope, strategy: RetryStrategy): boolean {
  if (error instanceof RecoverableMessageHandlingException) return true;
  if (error instanceof HandlerFailedException) {
    // Any recoverable failure retries; only when every failure is unrecoverable is there no retry.
    const nested = error.getWrappedExceptions();
    if (nested.some((e) => e instanceof RecoverableMessageHandlingException)) return true;
    if (nested.every(isUnrecoverable)) return false;
  }
  if (isUnrecoverable(error)) return false;
  return strategy.isRetryable(envelope, error);
}

function isUnrecoverable(error: unknown): boolean {
  // A message that cannot be decoded never will be by retrying: it goes straight to the failure transport.
  return error instanceof UnrecoverableMessageHandlingException || error instanceof MessageDecodingFailedException;
}

/** The delay a RecoverableMessageHandlingException asks for, overriding the strategy. */
function recoverableDelay(error: unknown): number | undefined {
  if (error instanceof RecoverableMessageHandlingException) return error.retryDelay;
  if (error instanceof HandlerFailedException) {
    return error.getWrappedExceptions(RecoverableMessageHandlingException).find((e) => e.retryDelay !== undefined)
      ?.retryDelay;
  }
  return undefined;
}
