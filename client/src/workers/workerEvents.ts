/**
 * What a worker tells us on stdout, in the extension's own vocabulary. `messenger consume
 * --format json` prints one WorkerEventJson a line (the runtime's contract, version 1: see
 * runtime/src/cli/json/schema.ts); the adapter below is the only place that reads it, so a
 * new format version touches this file only. Handler code may print to stdout too: plain
 * text, or JSON log records (`{ level, msg }`, pino's numeric levels included), which become
 * log lines. Every text that comes from the worker (errors, reasons, log messages) is masked
 * here, so the state, the exit reason and the output channel never hold a DSN's password.
 */
import { JSON_FORMAT_VERSION, type WorkerCounts, type WorkerEventJson } from '@messenger-ts/runtime/contract';
import { type LogLevel, normalizeLogLevel } from '../logging/logLevel';
import { maskText } from '../masking/maskCredentials';

export interface WorkerError {
  readonly class: string;
  readonly message: string;
}

/**
 * A worker's counts in messages, as an operator reads them: `failed` counts the messages that
 * failed for good (to the failure transport, or dropped), `retried` the retries. The runtime
 * counts attempts (its `failed` includes every failure that was retried): see messageCounts().
 */
export type MessageCounts = WorkerCounts;

export type WorkerEvent = {
  readonly counts?: MessageCounts;
  /** The process' resident set size (what `--memory-limit` checks), when the runtime tells. */
  readonly memoryBytes?: number;
} & (
  | {
      readonly kind: 'started';
      readonly transports: readonly string[];
      readonly pid?: number;
      readonly stopsWhen: readonly string[];
      readonly memoryLimitBytes?: number | null;
    }
  | {
      readonly kind: 'received';
      readonly transport: string;
      readonly messageClass: string;
      /** How long it waited in its transport (ms), when the transport tells. */
      readonly waitMs?: number | null;
    }
  | {
      readonly kind: 'handled';
      readonly transport: string;
      readonly messageClass: string;
      readonly durationMs?: number;
    }
  | {
      readonly kind: 'failed';
      readonly transport: string;
      readonly messageClass: string;
      readonly error: WorkerError;
      readonly willRetry: boolean;
    }
  | {
      readonly kind: 'retried';
      readonly transport: string;
      readonly messageClass: string;
      readonly retryCount: number;
      readonly delayMs: number;
    }
  | { readonly kind: 'idle' }
  | { readonly kind: 'stopped'; readonly reason?: string }
  | { readonly kind: 'log'; readonly level: LogLevel; readonly message: string }
  /** The CLI's JsonError: the worker could not run (unknown transport, invalid config…) and exits. */
  | { readonly kind: 'fatal'; readonly error: WorkerError }
);

/** Turns one parsed JSON line into an event, or undefined when the line means nothing to us. */
export type WorkerEventAdapter = (record: unknown) => WorkerEvent | undefined;

export const defaultWorkerEventAdapter: WorkerEventAdapter = (record) => {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return undefined;
  const fields = record as Record<string, unknown>;
  if (isJsonError(fields))
    return {
      kind: 'fatal',
      error: { class: String(fields.error.class ?? 'Error'), message: maskText(String(fields.error.message ?? '')) },
    };
  if (typeof fields['event'] === 'string' && 'version' in fields) {
    if (fields['version'] !== JSON_FORMAT_VERSION) {
      return {
        kind: 'log',
        level: 'warn',
        message: `The worker prints JSON format version ${String(fields['version'])}; this extension reads version ${JSON_FORMAT_VERSION}. Update the extension or the runtime so they match.`,
      };
    }
    return fromRuntimeEvent(record as WorkerEventJson);
  }
  return logRecord(fields);
};

/**
 * The runtime's attempt counts as message counts. A `failed` event that will be retried comes
 * before its `retried` event, whose count it does not include yet: it is counted as a retry already.
 */
export function messageCounts(json: WorkerEventJson): MessageCounts {
  const pendingRetry = json.event === 'failed' && json.willRetry ? 1 : 0;
  return {
    received: json.received,
    handled: json.handled,
    failed: Math.max(0, json.failed - json.retried - pendingRetry),
    retried: json.retried + pendingRetry,
  };
}

function fromRuntimeEvent(json: WorkerEventJson): WorkerEvent | undefined {
  const event = fromRuntimeEventKind(json);
  if (event === undefined) return undefined;
  const memoryBytes = typeof json.memoryBytes === 'number' ? json.memoryBytes : undefined;
  return { ...event, counts: messageCounts(json), ...(memoryBytes === undefined ? {} : { memoryBytes }) };
}

function fromRuntimeEventKind(json: WorkerEventJson): WorkerEvent | undefined {
  switch (json.event) {
    case 'started':
      return {
        kind: 'started',
        transports: json.transports,
        pid: json.pid,
        stopsWhen: json.stopsWhen,
        memoryLimitBytes: json.memoryLimitBytes ?? null,
      };
    case 'received':
      return {
        kind: 'received',
        transport: json.message.transport,
        messageClass: json.message.class,
        waitMs: typeof json.waitMs === 'number' ? json.waitMs : null,
      };
    case 'handled':
      return {
        kind: 'handled',
        transport: json.message.transport,
        messageClass: json.message.class,
        durationMs: json.durationMs,
      };
    case 'failed':
      return {
        kind: 'failed',
        transport: json.message.transport,
        messageClass: json.message.class,
        error: { class: json.error.class, message: maskText(json.error.message) },
        willRetry: json.willRetry,
      };
    case 'retried':
      return {
        kind: 'retried',
        transport: json.message.transport,
        messageClass: json.message.class,
        retryCount: json.retryCount,
        delayMs: json.delayMs,
      };
    case 'idle':
      return { kind: 'idle' };
    case 'stopped':
      return {
        kind: 'stopped',
        reason: json.reason === null || json.reason === undefined ? undefined : maskText(json.reason),
      };
    default:
      return undefined; // an event added within version 1: nothing we show yet
  }
}

function isJsonError(
  fields: Readonly<Record<string, unknown>>,
): fields is { error: { class?: unknown; message?: unknown } } {
  const error = fields['error'];
  return (
    'version' in fields && !('event' in fields) && error !== null && typeof error === 'object' && 'message' in error
  );
}

// pino (and bunyan) print numeric levels.
const NUMERIC_LEVELS: ReadonlyArray<[number, LogLevel]> = [
  [50, 'error'],
  [40, 'warn'],
  [30, 'info'],
  [20, 'debug'],
  [0, 'trace'],
];

function logRecord(fields: Readonly<Record<string, unknown>>): WorkerEvent | undefined {
  const message =
    typeof fields['message'] === 'string'
      ? fields['message']
      : typeof fields['msg'] === 'string'
        ? fields['msg']
        : undefined;
  const level = fields['level'];
  if (message === undefined || level === undefined) return undefined;
  const numeric = typeof level === 'number' ? NUMERIC_LEVELS.find(([threshold]) => level >= threshold)?.[1] : undefined;
  return { kind: 'log', level: numeric ?? normalizeLogLevel(level), message: maskText(message) };
}
