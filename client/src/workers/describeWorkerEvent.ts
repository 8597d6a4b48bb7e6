/**
 * A worker event as a line of its output channel, worded like Symfony's `messenger:consume -vv`
 * log, so the channel reads like the console a user knows.
 */
import type { LogLevel } from '../logging/logLevel';
import type { WorkerEvent } from './workerEvents';

export function describeWorkerEvent(
  event: WorkerEvent,
): { readonly level: LogLevel; readonly text: string } | undefined {
  switch (event.kind) {
    case 'started':
      return {
        level: 'info',
        text: `Consuming messages from transport${event.transports.length === 1 ? '' : 's'} "${event.transports.join('", "')}"${event.stopsWhen.length ? `; it will exit once it has ${event.stopsWhen.join(' or ')}` : ''}.`,
      };
    case 'received':
      return { level: 'debug', text: `Received message ${event.messageClass} from "${event.transport}".` };
    case 'handled':
      return {
        level: 'info',
        text: `${event.messageClass} was handled successfully${event.durationMs === undefined ? '' : ` in ${event.durationMs} ms`}.`,
      };
    case 'failed':
      return {
        level: event.willRetry ? 'warn' : 'error',
        text: `Error thrown while handling message ${event.messageClass}${event.willRetry ? ' (it will be retried)' : ''}: ${event.error.class}: ${event.error.message}`,
      };
    case 'retried':
      return {
        level: 'warn',
        text: `Sending ${event.messageClass} for retry #${event.retryCount} using ${event.delayMs} ms delay.`,
      };
    case 'idle':
      return { level: 'debug', text: 'No message waiting.' };
    case 'stopped':
      return { level: 'info', text: `Worker stopped${event.reason ? `: ${event.reason}` : ''}.` };
    case 'log':
      return { level: event.level, text: event.message };
    case 'fatal':
      return { level: 'error', text: `The worker could not run: ${event.error.class}: ${event.error.message}` };
  }
}
