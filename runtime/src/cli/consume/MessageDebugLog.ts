import type { Envelope } from '../../Envelope.js';
import { type EventSubscriber, listen } from '../../event/EventDispatcher.js';
import {
  WorkerMessageFailedEvent,
  WorkerMessageHandledEvent,
  WorkerMessageReceivedEvent,
} from '../../event/workerEvents.js';
import type { Logger } from '../../log/Logger.js';
import { messageTypeName } from '../../message/messageTypeName.js';
import { HandledStamp } from '../../stamp/HandledStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import { errorMessage } from '../../support/errorMessage.js';

/** Longest text shown for one stamp field (a handler's result can be anything). */
const FIELD_LIMIT = 200;

/**
 * `consume -vvv`: each message's stamps and timings at debug level, as Symfony's debug verbosity
 * dumps the log context: when it was received and with which stamps, then how long handling
 * took, by which handlers or with which error, and the stamps it ended with.
 */
export class MessageDebugLog implements EventSubscriber {
  private readonly started = new WeakMap<object, { readonly at: Date; readonly clock: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  getSubscribedEvents() {
    return [
      listen(WorkerMessageReceivedEvent, (event) => {
        this.started.set(event.envelope.message, { at: new Date(), clock: this.clock() });
        this.logger.log('debug', 'Received {class} (id {id}) from "{transport}"', {
          ...this.identity(event.envelope, event.receiverName),
          stamps: describeStamps(event.envelope),
        });
      }),
      // Last, so the stamps are those the message ends with.
      listen(
        WorkerMessageHandledEvent,
        (event) =>
          this.logger.log('debug', '{class} (id {id}) handled by {handlers} in {duration_ms} ms', {
            ...this.identity(event.envelope, event.receiverName),
            handlers: event.envelope
              .all(HandledStamp)
              .map((stamp) => stamp.handlerName)
              .join(', '),
            ...this.timings(event.envelope),
            stamps: describeStamps(event.envelope),
          }),
        -1000,
      ),
      listen(
        WorkerMessageFailedEvent,
        (event) =>
          this.logger.log('debug', '{class} (id {id}) failed after {duration_ms} ms: {error}', {
            ...this.identity(event.envelope, event.receiverName),
            error: errorMessage(event.error),
            will_retry: event.willRetry(),
            ...this.timings(event.envelope),
            stamps: describeStamps(event.envelope),
          }),
        -1000,
      ),
    ];
  }

  private identity(envelope: Envelope, transport: string): Record<string, unknown> {
    const id = envelope.last(TransportMessageIdStamp)?.id ?? '?';
    return { class: messageTypeName(envelope.message), id, transport };
  }

  private timings(envelope: Envelope): Record<string, unknown> {
    const started = this.started.get(envelope.message);
    if (started === undefined) return {};
    return {
      received_at: started.at.toISOString(),
      duration_ms: Math.round((this.clock() - started.clock) * 100) / 100,
    };
  }
}

/** The envelope's stamps by class, each with its fields, as text a log can show. */
export function describeStamps(envelope: Envelope): Record<string, Array<Record<string, unknown>>> {
  const described: Record<string, Array<Record<string, unknown>>> = {};
  for (const [cls, stamps] of envelope.all())
    described[cls.name] = stamps.map((stamp) =>
      Object.fromEntries(
        Object.entries(stamp)
          .filter(([, value]) => typeof value !== 'function')
          .map(([key, value]) => [key, fieldValue(value)]),
      ),
    );
  return described;
}

function fieldValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (['string', 'number', 'boolean'].includes(typeof value)) return shorten(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return shorten(`${value.name}: ${value.message}`);
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > FIELD_LIMIT ? shorten(json) : JSON.parse(json);
  } catch {
    return `(${Object.prototype.toString.call(value).slice(8, -1)})`;
  }
}

function shorten(value: unknown): unknown {
  return typeof value === 'string' && value.length > FIELD_LIMIT ? `${value.slice(0, FIELD_LIMIT)}…` : value;
}
