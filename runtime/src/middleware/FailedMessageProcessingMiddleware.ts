import type { Envelope } from '../Envelope.js';
import { ReceivedStamp } from '../stamp/ReceivedStamp.js';
import { SentToFailureTransportStamp } from '../stamp/SentToFailureTransportStamp.js';
import type { Middleware, Stack } from './Middleware.js';

/**
 * A message retried from a failure transport is handled as if received from its original
 * transport, so handlers bound with `fromTransport` run again (`failed_message_processing_middleware`).
 */
export class FailedMessageProcessingMiddleware implements Middleware {
  handle(envelope: Envelope, stack: Stack): Promise<Envelope> {
    const sentToFailure = envelope.last(SentToFailureTransportStamp);
    if (sentToFailure !== undefined && envelope.last(ReceivedStamp) !== undefined) {
      envelope = envelope.with(new ReceivedStamp(sentToFailure.originalReceiverName));
    }
    return stack.next().handle(envelope, stack);
  }
}
