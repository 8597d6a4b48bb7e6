/**
 * The transport contract: what every transport promises the worker, the CLI and the
 * application, whatever its backend. `describeTransportContract()` from
 * `@messenger-ts/runtime/testing` checks each promise against a real backend; in-memory,
 * SQLite, PostgreSQL and Redis run it, and a transport written outside this package should too.
 *
 * Delivery is at least once. A message sent (send() resolved) is stored: it survives the
 * sender, the transport's close() and, on a durable backend, the worker's process. A message
 * handed out by get() stays the receiver's until it is acknowledged or rejected; nobody else
 * receives it meanwhile, unless its consumer dies without doing either (then it is delivered
 * again, after the transport's redelivery timeout: `capabilities.redelivery`; a broker that
 * sees the consumer's connection close, like Beanstalkd, gives it back at once). So a handler
 * may see a message twice (its worker died after handling, before acknowledging) but never
 * loses one, and two live workers never handle one message at the same time.
 *
 * Ordering: messages sent without delay are taken in the order they were sent (per queue). A
 * delayed message is never taken before it is due, and takes its place among the others when
 * it becomes due; a redelivered one comes back when its timeout has passed. Competing
 * consumers take in that order; they do not finish in it.
 *
 * Time: transports read the time from the Clock of their TransportContext (when given), so
 * that tests move it instead of sleeping. Only what a backend measures itself (Redis' idle
 * time of pending messages) runs on the backend's clock.
 */
import type { Envelope } from '../Envelope.js';
import type { Logger } from '../log/Logger.js';

/**
 * What a transport can do beyond sending, getting, acknowledging and rejecting, declared by
 * the transport itself (never guessed from the methods it happens to have). A capability
 * declared true is a promise: the methods of its interface exist and keep the contract.
 * A transport may declare different capabilities per instance (PostgreSQL wakes idle workers
 * only with `use_notify`).
 */
export interface TransportCapabilities {
  /** all() and find() (ListableReceiver): what `failed:show`, `failed:retry` and `failed:remove` need. */
  readonly listable?: boolean;
  /** getMessageCount() (MessageCountAware): `messenger stats`. */
  readonly messageCount?: boolean;
  /** setup() (SetupableTransport): `messenger setup-transports`. */
  readonly setup?: boolean;
  /** getFromQueues() (QueueReceiver): `consume --queues`. */
  readonly queues?: boolean;
  /** keepalive() (KeepaliveReceiver): `consume --keepalive`. */
  readonly keepalive?: boolean;
  /** waitForMessages() (WakingReceiver): an idle worker is woken when a message may have arrived. */
  readonly waking?: boolean;
  /** A DelayStamp is honoured: the message is not delivered before it is due. */
  readonly delays?: boolean;
  /** A message taken by a consumer that died without acknowledging it is delivered again after a timeout. */
  readonly redelivery?: boolean;
  /**
   * Batches are real: get() honours `maxMessages` above 1, and sendMany(), ackMany() and
   * rejectMany() exist (they may still work one message at a time inside). Without it, the
   * helpers of transport/batch.ts do one message at a time through send(), ack() and reject().
   */
  readonly batch?: boolean;
  /** setLogger() (LoggerAwareReceiver): the worker hands over its logger before receiving (a lost connection and its recovery are logged). */
  readonly loggerAware?: boolean;
  /**
   * getQueueSnapshot() and waitForChange() (MonitorableTransport): what an operator's live view
   * needs (`messenger stats --watch`, the editor). Envelopes from get() also carry an
   * AvailableAtStamp, so the worker can tell how long each message waited.
   */
  readonly monitoring?: boolean;
  /**
   * release() (ReleasingReceiver): messages taken by get() and not handled are given back at
   * once, in their place, instead of after the redelivery timeout. A worker stopping with part
   * of a fetched batch not started (`consume --fetch-size`) releases that part.
   */
  readonly release?: boolean;
}

/** Sends envelopes somewhere (a queue, a table, a stream…). */
export interface Sender {
  /**
   * Stores the message and resolves once it is stored (a rejection means it may not be).
   * The envelope returned carries a TransportMessageIdStamp when the transport has ids: a
   * string or a number, unique in the transport. A delayed message may get another id when
   * it becomes due (Redis moves it into the stream), so only find() ids of messages already
   * available are stable.
   */
  send(envelope: Envelope): Promise<Envelope>;
  /** Several at once, in order; what send() returns for each. Present when `capabilities.batch`. */
  sendMany?(envelopes: readonly Envelope[]): Promise<Envelope[]>;
  readonly capabilities?: TransportCapabilities;
}

/** What a worker passes to get(). */
export interface ReceiveOptions {
  /** A receiver that waits for messages stops waiting once `signal` aborts (the worker stops). */
  readonly signal?: AbortSignal;
  /**
   * Up to this many messages (default 1). A transport without `capabilities.batch` may return
   * fewer; none returns more.
   */
  readonly maxMessages?: number;
}

/**
 * Receives envelopes for a worker.
 *
 * get() returns promptly: what is available now, or an empty list once a short wait (never
 * longer than about a second, nor past `signal` aborting) found nothing, so the worker can
 * check its stop conditions. For a push-based broker it returns what was delivered to the
 * client and not yet handed out; it never blocks until something arrives.
 *
 * Every envelope get() returns carries a TransportMessageIdStamp and must be acknowledged
 * (handled: it is removed, never delivered again) or rejected (failed: removed too; retries and
 * the failure transport are sent *new* messages by the worker before it rejects). Either may
 * be called once per envelope; ack() or reject() of an envelope this receiver did not hand out
 * throws a LogicException. A message that cannot be decoded is not thrown away: get() returns
 * it as an UndecodableMessage with a MessageDecodingFailedStamp, and sending that envelope again
 * stores the original body and headers.
 */
export interface Receiver {
  get(options?: ReceiveOptions): Promise<readonly Envelope[]>;
  ack(envelope: Envelope): Promise<void>;
  reject(envelope: Envelope): Promise<void>;
  /** Acknowledges several at once. Present when `capabilities.batch`. */
  ackMany?(envelopes: readonly Envelope[]): Promise<void>;
  /** Rejects several at once. Present when `capabilities.batch`. */
  rejectMany?(envelopes: readonly Envelope[]): Promise<void>;
  readonly capabilities?: TransportCapabilities;
}

export interface Transport extends Sender, Receiver {
  /**
   * Releases connections and timers; the transport is not used afterwards. Calling it twice is
   * harmless. Messages it took and did not acknowledge are delivered again by the redelivery
   * rules (nothing is lost by closing).
   */
  close?(): Promise<void>;
}

/**
 * A receiver that can list and find messages (`capabilities.listable`; needed by `failed:show`,
 * `failed:retry`, `failed:remove`). all() lists the messages waiting to be taken (not delayed,
 * not in progress), oldest first; `offset` skips that many, so commands go through a large
 * transport a page at a time. find() returns the message with that TransportMessageIdStamp id
 * (waiting or in progress), or undefined; any string is a valid question. Envelopes from all()
 * and find() may be acknowledged or rejected like those of get() (how `failed:retry` and
 * `failed:remove` remove them).
 */
export interface ListableReceiver extends Receiver {
  all(limit?: number, offset?: number): Promise<readonly Envelope[]>;
  find(id: string | number): Promise<Envelope | undefined>;
}

/** A receiver that knows how many messages wait in it (`capabilities.messageCount`; `messenger stats`): the ones all() would list. */
export interface MessageCountAware {
  getMessageCount(): Promise<number>;
}

/**
 * A transport that can create what it needs (tables, streams, groups) ahead of time
 * (`capabilities.setup`; `setup-transports`). Running it again, or while workers run, changes nothing.
 */
export interface SetupableTransport {
  setup(): Promise<void>;
}

/** A receiver that can consume from a subset of its queues (`capabilities.queues`; `consume --queues`). */
export interface QueueReceiver extends Receiver {
  getFromQueues(queueNames: readonly string[], options?: ReceiveOptions): Promise<readonly Envelope[]>;
}

/**
 * A receiver that can keep a long-running message from being redelivered to another worker
 * (`capabilities.keepalive`; `consume --keepalive`): each call restarts the message's
 * redelivery timeout.
 */
export interface KeepaliveReceiver extends Receiver {
  /** `seconds`: how often the worker calls it, so the transport can check its own timeout is longer. */
  keepalive(envelope: Envelope, seconds?: number): Promise<void>;
  /** Throws (InvalidArgumentException) when requests every `seconds` cannot keep a message from being redelivered; the worker asks before it starts. */
  checkKeepaliveInterval?(seconds: number): void;
}

/**
 * A receiver that can wake an idle worker as soon as a message may be waiting (PostgreSQL
 * LISTEN/NOTIFY, a blocking Redis read), instead of letting it sleep until the next poll
 * (`capabilities.waking`).
 */
export interface WakingReceiver extends Receiver {
  /** Resolves when a message may have arrived in one of `queueNames` (default: its own queue), or when `signal` aborts; never rejects. */
  waitForMessages(signal: AbortSignal, queueNames?: readonly string[]): Promise<void>;
}

/**
 * A receiver with something to tell the worker's log (PSR-3's LoggerAwareInterface), e.g. a lost
 * connection and its recovery (`capabilities.loggerAware`). The worker calls it once, before it
 * receives anything.
 */
export interface LoggerAwareReceiver extends Receiver {
  setLogger(logger: Logger): void;
}

/**
 * A receiver that can give back messages it handed out and nobody started to handle
 * (`capabilities.release`): they are neither acknowledged nor rejected, and the next get() (of
 * any consumer) may take them again at once, in the order they were sent. Releasing an envelope
 * counts as its one ack/reject: it must not be acknowledged afterwards.
 */
export interface ReleasingReceiver extends Receiver {
  release(envelopes: readonly Envelope[]): Promise<void>;
}

/** A queue at one moment, as a monitoring view shows it (`capabilities.monitoring`). */
export interface QueueSnapshot {
  /** Messages waiting to be taken: what getMessageCount() says. */
  readonly count: number;
  /** When the oldest of them became available (sent, or due after its delay), in ms since the epoch; null when none waits. */
  readonly oldestAvailableAt: number | null;
  /**
   * Changes whenever a message is added to or removed from the queue, even when the count stays
   * the same (a failed message retried that failed again comes back under a new id). Opaque:
   * compare it for equality only.
   */
  readonly revision: string;
  /**
   * How many consumers the backend sees consuming this queue now (workers of any process or
   * machine); null when the backend cannot tell.
   */
  readonly consumers: number | null;
}

/**
 * A transport a monitoring view can follow cheaply (`capabilities.monitoring`): a snapshot of
 * its queue, and a wait that ends when something may have changed, pushed by the backend where
 * it can (PostgreSQL's NOTIFY, SQLite's data_version) and a bounded poll otherwise.
 */
export interface MonitorableTransport {
  getQueueSnapshot(): Promise<QueueSnapshot>;
  /**
   * Resolves once the queue may have changed (anyone, in any process, sent, took, acknowledged
   * or rejected a message), at the latest after `timeoutMs`, or as soon as `signal` aborts;
   * never rejects. A backend that cannot tell simply waits `timeoutMs`.
   */
  waitForChange(signal: AbortSignal, timeoutMs: number): Promise<void>;
}

const NONE: TransportCapabilities = Object.freeze({});

/** What a transport or receiver declares it can do (nothing beyond the basics when it declares nothing). */
export function capabilitiesOf(transport: unknown): TransportCapabilities {
  return (transport as { capabilities?: TransportCapabilities } | null | undefined)?.capabilities ?? NONE;
}

export const isListableReceiver = (t: unknown): t is ListableReceiver => capabilitiesOf(t).listable === true;
export const isMessageCountAware = (t: unknown): t is MessageCountAware => capabilitiesOf(t).messageCount === true;
export const isSetupableTransport = (t: unknown): t is SetupableTransport => capabilitiesOf(t).setup === true;
export const isQueueReceiver = (t: unknown): t is QueueReceiver => capabilitiesOf(t).queues === true;
export const isWakingReceiver = (t: unknown): t is WakingReceiver => capabilitiesOf(t).waking === true;
export const isKeepaliveReceiver = (t: unknown): t is KeepaliveReceiver => capabilitiesOf(t).keepalive === true;
export const isMonitorableTransport = (t: unknown): t is MonitorableTransport => capabilitiesOf(t).monitoring === true;
export const isReleasingReceiver = (t: unknown): t is ReleasingReceiver => capabilitiesOf(t).release === true;
export const isLoggerAwareReceiver = (t: unknown): t is LoggerAwareReceiver => capabilitiesOf(t).loggerAware === true;
