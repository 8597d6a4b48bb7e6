import { type EventSubscriber, listen } from '../event/EventDispatcher.js';
import {
  type AbstractWorkerMessageEvent,
  WorkerMessageFailedEvent,
  WorkerMessageReceivedEvent,
} from '../event/workerEvents.js';
import type { Logger } from '../log/Logger.js';
import { messageTypeName } from '../message/messageTypeName.js';
import { DelayStamp } from '../stamp/DelayStamp.js';
import { MessageDecodingFailedStamp } from '../stamp/MessageDecodingFailedStamp.js';
import { RedeliveryStamp } from '../stamp/RedeliveryStamp.js';
import { SentToFailureTransportStamp } from '../stamp/SentToFailureTransportStamp.js';
import { TransportMessageIdStamp } from '../stamp/TransportMessageIdStamp.js';
import type { Sender } from '../transport/Transport.js';

/** What the listener logs when a message goes to the failure transport (a JSON worker stream reports it as an event instead). */
export const SENT_TO_FAILURE_TRANSPORT_LOG =
  'Rejected message {class} will be sent to the failure transport {transport}.';

/**
 * Sends a message that will not be retried to the failure transport of the transport it came
 * from. A message that cannot be decoded is only taken from its transport when the failure
 * transport can keep it: otherwise (no failure transport, or it is already in one) it is left
 * where it is, untouched, with a warning, since nothing could ever bring it back.
 */
export class SendFailedMessageToFailureTransportListener implements EventSubscriber {
  constructor(
    /** Receiver name → [failure transport name, its sender]. */
    private readonly failureSenders: { get(receiverName: string): readonly [string, Sender] | undefined },
    private readonly logger?: Logger,
  ) {}

  getSubscribedEvents() {
    return [
      // Before any other listener: a message left in place must not be handled, counted or logged as handled.
      listen(WorkerMessageReceivedEvent, (event) => this.onMessageReceived(event), 1000),
      listen(WorkerMessageFailedEvent, (event) => this.onMessageFailed(event), -100),
    ];
  }

  onMessageReceived(event: WorkerMessageReceivedEvent): void {
    const undecodable = event.envelope.last(MessageDecodingFailedStamp);
    if (undecodable === undefined || this.destination(event) !== undefined) return;
    event.shouldHandle(false);
    const id = event.envelope.last(TransportMessageIdStamp)?.id;
    const transport = event.receiverName;
    const advice =
      event.envelope.last(SentToFailureTransportStamp) !== undefined ||
      this.failureSenders.get(transport)?.[0] === transport
        ? `It stays in the failure transport: see it with \`messenger failed:show ${id ?? '<id>'} --transport=${transport} -vv\`, remove it with \`messenger failed:remove ${id ?? '<id>'} --transport=${transport}\`.`
        : `It stays in the transport: configure a failure_transport for "${transport}" so such messages are moved there.`;
    this.logger?.log(
      'warning',
      'Message {id} of transport "{transport}" could not be decoded, and is left untouched: {error} {advice}',
      {
        id: id ?? '(no id)',
        transport,
        error: undecodable.error.message,
        advice,
      },
    );
  }

  async onMessageFailed(event: WorkerMessageFailedEvent): Promise<void> {
    if (event.willRetry()) return;
    const failure = this.destination(event);
    if (failure === undefined) return;
    const envelope = event.envelope;
    const [name, sender] = failure;
    this.logger?.log('info', SENT_TO_FAILURE_TRANSPORT_LOG, {
      class: messageTypeName(envelope.message),
      transport: name,
    });
    await sender.send(
      envelope.with(new SentToFailureTransportStamp(event.receiverName), new DelayStamp(0), new RedeliveryStamp(0)),
    );
  }

  /** Where a message of this receiver goes when it fails for good; nowhere if it is already in a failure transport. */
  private destination(event: AbstractWorkerMessageEvent): readonly [string, Sender] | undefined {
    // A retry from a failure transport that failed for good is not sent there again.
    if (event.envelope.last(SentToFailureTransportStamp) !== undefined) return undefined;
    const failure = this.failureSenders.get(event.receiverName);
    // Sending a message to the transport it is read from would hand it back to this worker forever.
    return failure?.[0] === event.receiverName ? undefined : failure;
  }
}
