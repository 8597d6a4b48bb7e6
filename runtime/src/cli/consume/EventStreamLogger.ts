import { GIVING_UP_LOG, RETRYING_LOG } from '../../listener/SendFailedMessageForRetryListener.js';
import { SENT_TO_FAILURE_TRANSPORT_LOG } from '../../listener/SendFailedMessageToFailureTransportListener.js';
import type { LogContext, Logger, LogLevel } from '../../log/Logger.js';

/** The log records that only restate a worker event: `consume --format json` prints the event (JsonEventStream). */
const RESTATED_BY_EVENTS: ReadonlySet<string> = new Set([RETRYING_LOG, GIVING_UP_LOG, SENT_TO_FAILURE_TRANSPORT_LOG]);

/**
 * The worker's logger under `consume --format json`: everything goes to stderr as usual, except
 * what the JSON events already say (a failure and its retry), which a tool reading both would
 * otherwise show twice.
 */
export class EventStreamLogger implements Logger {
  constructor(private readonly inner: Logger) {}

  isHandling(level: LogLevel): boolean {
    return this.inner.isHandling?.(level) ?? true;
  }

  log(level: LogLevel, message: string, context?: LogContext): void {
    if (!RESTATED_BY_EVENTS.has(message)) this.inner.log(level, message, context);
  }
}
