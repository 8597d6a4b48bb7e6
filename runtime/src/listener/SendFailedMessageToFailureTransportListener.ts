import { type EventSubscriber, listen } from '../event/EventDispatcher.js';
import { WorkerMessageFailedEvent } from '../event/workerEvents.js';
import type { Logger } from '../log/Logger.js';
import { messageTypeName } from '../message/messageTypeName.js';
import { DelayStamp } from '../stamp/DelayStamp.js';
import { RedeliveryStamp } from '../stamp/RedeliveryStamp.js';
import { SentToFailureTransportStamp } from '../stamp/SentToFailureTransportStamp.js';
import type { Sender } from '../transport/Transport.js';

/** Sends a message that will not be retried to the failure transport of the transport it came from. */
export class SendFailedMessageToFailureTransportListener implements EventSubscriber {
  constructor(
    /** Receiver name → [failure transport name, its sender]. */
    private readonly failureSenders: { get(receiverName: string): readonly [string, Sender] | undefined },
    private readonly logger?: Logger,
  ) {}

  getSubscribedEvents() {
    return [listen(WorkerMessageFailedEvent, (event) => this.onMessageFailed(event), -100)];
  }

  async onMessageFailed(event: WorkerMessageFailedEvent): Promise<void> {
    if (event.willRetry()) return;
    const failure = this.failureSenders.get(event.receiverName);
    const envelope = event.envelope;
    if (failure === undefined) return;
    // Already in a failure transport: a retry from it that failed for good is not sent there again.
    if (envelope.last(SentToFailureTransportStamp) !== undefined) return;
    const [name, sender] = failure;
    this.logger?.log('info', 'Rejected message {class} will be sent to the failure transport {transport}.', { class: messageTypeName(envelope.message), transport: name });
    await sender.send(envelope.with(new SentToFailureTransportStamp(event.receiverName), new DelayStamp(0), new RedeliveryStamp(0)));
  }
}
