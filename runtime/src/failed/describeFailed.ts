import type { Envelope } from '../Envelope.js';
import type { MessageClass } from '../message/MessageClass.js';
import type { MessageTypeRegistry } from '../message/MessageTypeRegistry.js';
import { ErrorDetailsStamp } from '../stamp/ErrorDetailsStamp.js';
import { MessageDecodingFailedStamp } from '../stamp/MessageDecodingFailedStamp.js';
import { RedeliveryStamp } from '../stamp/RedeliveryStamp.js';
import { SentToFailureTransportStamp } from '../stamp/SentToFailureTransportStamp.js';
import { TransportMessageIdStamp } from '../stamp/TransportMessageIdStamp.js';
import { STAMP_HEADER_PREFIX } from '../transport/serialization/headers.js';
import type { Serializer } from '../transport/serialization/Serializer.js';
import { encodeStamps } from '../transport/serialization/stampCodec.js';
import { UndecodableMessage } from '../transport/serialization/UndecodableMessage.js';
import type { FailedMessageSummaryJson, FailedShowMessageJson } from '../cli/json/schema.js';

export function messageId(envelope: Envelope): string | number | null {
  return envelope.last(TransportMessageIdStamp)?.id ?? null;
}

/** The message's type name; for a message that could not be decoded, the type it claims. */
export function messageClass(envelope: Envelope, registry: MessageTypeRegistry): string {
  const message = envelope.message;
  if (message instanceof UndecodableMessage) return message.type ?? '(unknown type)';
  return registry.nameOf(message.constructor as MessageClass);
}

/** `--class-filter`: the type name, the class name, or any name the registry knows the class by. */
export function matchesClass(envelope: Envelope, filter: string, registry: MessageTypeRegistry): boolean {
  const message = envelope.message;
  if (message instanceof UndecodableMessage) return message.type === filter;
  const cls = message.constructor as MessageClass;
  return filter === registry.nameOf(cls) || filter === cls.name || registry.get(filter) === cls;
}

export function summarize(envelope: Envelope, registry: MessageTypeRegistry): FailedMessageSummaryJson {
  const error = envelope.last(ErrorDetailsStamp);
  return {
    id: messageId(envelope),
    class: messageClass(envelope, registry),
    failedAt: envelope.last(RedeliveryStamp)?.redeliveredAt.toISOString() ?? null,
    error: error?.exceptionMessage ?? null,
    errorClass: error?.exceptionClass ?? null,
    originalTransport: envelope.last(SentToFailureTransportStamp)?.originalReceiverName ?? null,
    // The move to the failure transport adds a stamp counting 0: the highest count is the retries.
    retryCount: envelope.all(RedeliveryStamp).reduce((most, stamp) => Math.max(most, stamp.retryCount), 0),
    decodable: !(envelope.message instanceof UndecodableMessage),
  };
}

/** Everything `failed:show <id>` knows about a message. */
export function describe(
  envelope: Envelope,
  registry: MessageTypeRegistry,
  serializer: Serializer,
): FailedShowMessageJson['message'] {
  const last = envelope.last(ErrorDetailsStamp);
  const message = envelope.message;
  return {
    ...summarize(envelope, registry),
    errorCode: last?.exceptionCode ?? null,
    trace: last?.flattenException?.traceAsString ?? null,
    errors: envelope.all(ErrorDetailsStamp).map((e) => ({
      class: e.exceptionClass,
      message: e.exceptionMessage,
      code: e.exceptionCode,
      trace: e.flattenException?.traceAsString ?? '',
    })),
    redeliveries: envelope
      .all(RedeliveryStamp)
      .map((r) => ({ retryCount: r.retryCount, redeliveredAt: r.redeliveredAt.toISOString() })),
    stamps: stampsOf(envelope),
    body: message instanceof UndecodableMessage ? message.body : bodyOf(envelope, serializer),
    decodingError: envelope.last(MessageDecodingFailedStamp)?.error.message ?? null,
  };
}

function stampsOf(envelope: Envelope): Record<string, unknown[]> {
  const stamps: Record<string, unknown[]> = {};
  for (const [header, value] of Object.entries(encodeStamps(envelope))) {
    stamps[header.slice(STAMP_HEADER_PREFIX.length)] = JSON.parse(value) as unknown[];
  }
  return stamps;
}

function bodyOf(envelope: Envelope, serializer: Serializer): unknown {
  try {
    return JSON.parse(serializer.encode(envelope).body);
  } catch {
    return String(envelope.message);
  }
}
