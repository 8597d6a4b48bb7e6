import type { Envelope } from '../Envelope.js';
import type { Logger } from '../log/Logger.js';

/** Sends envelopes somewhere (a queue, a table, a stream…). */
export interface Sender {
  send(envelope: Envelope): Promise<Envelope>;
}

/** What a worker passes to get(): a receiver that waits for messages stops waiting once `signal` aborts (the worker stops). */
export interface ReceiveOptions {
  readonly signal?: AbortSignal;
}

/**
 * Receives envelopes for a worker. `get()` must return promptly (empty when nothing is
 * waiting) so the worker can check its stop conditions; every envelope it returns must be
 * acknowledged or rejected.
 */
export interface Receiver {
  get(options?: ReceiveOptions): Promise<readonly Envelope[]>;
  ack(envelope: Envelope): Promise<void>;
  reject(envelope: Envelope): Promise<void>;
}

export interface Transport extends Sender, Receiver {
  /** Releases connections and timers; the transport is not used afterwards. */
  close?(): Promise<void>;
}

/**
 * A receiver that can list and find messages (needed by `failed:show`, `failed:retry`,
 * `failed:remove`). `offset` skips that many messages, so commands go through a large
 * transport a page at a time.
 */
export interface ListableReceiver extends Receiver {
  all(limit?: number, offset?: number): Promise<readonly Envelope[]>;
  find(id: string | number): Promise<Envelope | undefined>;
}

/** A receiver that knows how many messages wait in it (`messenger stats`). */
export interface MessageCountAware {
  getMessageCount(): Promise<number>;
}

/** A transport that can create what it needs (tables, queues, streams) ahead of time (`setup-transports`). */
export interface SetupableTransport {
  setup(): Promise<void>;
}

/** A receiver that can consume from a subset of its queues (`consume --queues`). */
export interface QueueReceiver extends Receiver {
  getFromQueues(queueNames: readonly string[], options?: ReceiveOptions): Promise<readonly Envelope[]>;
}

/** A receiver that can keep a long-running message from being redelivered to another worker (`consume --keepalive`). */
export interface KeepaliveReceiver extends Receiver {
  /** `seconds`: how often the worker calls it, so the transport can check its own timeout is longer. */
  keepalive(envelope: Envelope, seconds?: number): Promise<void>;
  /** Throws (InvalidArgumentException) when requests every `seconds` cannot keep a message from being redelivered; the worker asks before it starts. */
  checkKeepaliveInterval?(seconds: number): void;
}

/**
 * A receiver that can wake an idle worker as soon as a message may be waiting (PostgreSQL
 * LISTEN/NOTIFY), instead of letting it sleep until the next poll.
 */
export interface WakingReceiver extends Receiver {
  /** Resolves when a message may have arrived in one of `queueNames` (default: its own queue), or when `signal` aborts; never rejects. */
  waitForMessages(signal: AbortSignal, queueNames?: readonly string[]): Promise<void>;
}

/** A receiver with something to tell the worker's log (PSR-3's LoggerAwareInterface), e.g. a lost connection and its recovery. */
export interface LoggerAwareReceiver extends Receiver {
  setLogger(logger: Logger): void;
}

const hasMethod = (value: unknown, name: string): boolean =>
  typeof (value as Record<string, unknown> | null)?.[name] === 'function';

export const isListableReceiver = (t: unknown): t is ListableReceiver => hasMethod(t, 'all') && hasMethod(t, 'find');
export const isMessageCountAware = (t: unknown): t is MessageCountAware => hasMethod(t, 'getMessageCount');
export const isSetupableTransport = (t: unknown): t is SetupableTransport => hasMethod(t, 'setup');
export const isQueueReceiver = (t: unknown): t is QueueReceiver => hasMethod(t, 'getFromQueues');
export const isWakingReceiver = (t: unknown): t is WakingReceiver => hasMethod(t, 'waitForMessages');
export const isKeepaliveReceiver = (t: unknown): t is KeepaliveReceiver => hasMethod(t, 'keepalive');
export const isLoggerAwareReceiver = (t: unknown): t is LoggerAwareReceiver => hasMethod(t, 'setLogger');
