import type { MessageBusInterface } from '../bus/MessageBus.js';
import type { Envelope } from '../Envelope.js';
import { DelayedMessageHandlingException } from '../errors/DelayedMessageHandlingException.js';
import { HandlerFailedException } from '../errors/HandlerFailedException.js';
import { InvalidArgumentException, RuntimeException } from '../errors/MessengerException.js';
import { TransportException } from '../errors/TransportException.js';
import { type EventClass, EventDispatcher, type Listener } from '../event/EventDispatcher.js';
import {
  WorkerMessageFailedEvent,
  WorkerMessageHandledEvent,
  WorkerMessageReceivedEvent,
  WorkerRunningEvent,
  WorkerStartedEvent,
  WorkerStoppedEvent,
  type WorkerInterface,
  type WorkerMetadata,
} from '../event/workerEvents.js';
import type { BatchHandler } from '../handler/BatchHandler.js';
import type { Logger } from '../log/Logger.js';
import { messageTypeName } from '../message/messageTypeName.js';
import { AckStamp } from '../stamp/AckStamp.js';
import { ConsumedByWorkerStamp } from '../stamp/ConsumedByWorkerStamp.js';
import { FlushBatchHandlersStamp } from '../stamp/FlushBatchHandlersStamp.js';
import { MessageDecodingFailedStamp } from '../stamp/MessageDecodingFailedStamp.js';
import { NoAutoAckStamp } from '../stamp/NoAutoAckStamp.js';
import { ReceivedStamp } from '../stamp/ReceivedStamp.js';
import { TransportMessageIdStamp } from '../stamp/TransportMessageIdStamp.js';
import { errorMessage } from '../support/errorMessage.js';
import { ackMany, rejectMany, releaseMany } from '../transport/batch.js';
import {
  isKeepaliveReceiver,
  isQueueReceiver,
  isWakingReceiver,
  type QueueReceiver,
  type Receiver,
} from '../transport/Transport.js';
import { type Clock, SystemClock } from './Clock.js';
import { prepareReceivers } from './prepareReceivers.js';
import { SkippedMessages } from './SkippedMessages.js';
import { stoppedByTransport } from './transportFailure.js';

export interface WorkerRunOptions {
  /** Milliseconds to wait after finding no message before asking again; default 1000. */
  readonly sleep?: number;
  /** Only consume from these queues (every receiver must be a QueueReceiver). */
  readonly queues?: readonly string[];
  /** Every this many seconds, tell keepalive-capable transports that the messages in progress still are (`--keepalive`). */
  readonly keepalive?: number;
  /**
   * Up to this many messages taken per get() (`--fetch-size`); default 1. They are protected
   * from other workers from then on (delivered_at, pending entries) and handled in the queue's
   * order; those not started when the worker stops are released at once where the transport can.
   */
  readonly fetchSize?: number;
  /**
   * Up to this many messages handled at once (`--concurrency`); default 1. Async handlers
   * overlap; synchronous ones still run one after the other on the event loop. At least this
   * many are taken per get().
   */
  readonly concurrency?: number;
}

/** How long a handled message may wait for its batched acknowledgement while the rest of its batch is still handled. */
const ACK_INTERVAL_MS = 1000;

export interface WorkerOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
}

/** A message to acknowledge (`failed` false) or reject after the failure listeners ran. */
type PendingAck = readonly [transportName: string, envelope: Envelope, failed: boolean, error: unknown];

/** A message a batch handler holds: acknowledged when its batch is processed. */
interface Unacked {
  readonly envelope: Envelope;
  readonly transportName: string;
  readonly ackStamp: AckStamp;
}

const CONSUMED = new ConsumedByWorkerStamp();

/**
 * Receives messages and dispatches them on the bus, receiver by receiver in priority order
 * (the first is always drained first), until a listener stops it. Every step is an event
 * (see workerEvents.ts): limits, retries and failure transports are listeners.
 */
export class Worker implements WorkerInterface {
  readonly eventDispatcher: EventDispatcher;
  private readonly receivers: ReadonlyMap<string, Receiver>;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  /** The logger, if it writes info records: the two per message are not even built otherwise. */
  private readonly infoLogger: Logger | undefined;
  private metadata: WorkerMetadata;
  private shouldStop = false;
  private stopReason: string | undefined;
  private acks: PendingAck[] = [];
  private unacks = new Map<BatchHandler, Unacked>();
  private idle: AbortController | undefined;
  /** Aborted by stop(): a receiver waiting inside get() (PostgreSQL get_notify_timeout) returns at once. */
  private readonly stopping = new AbortController();
  private readonly receivedStamps = new Map<string, ReceivedStamp>();
  /**
   * Messages being handled, and their transports: what keepalive() reports as still in progress.
   * Slots (undefined: free) that are reused, never removed: they are at most `concurrency`, and a
   * Map that a delete empties, or an array that a pop empties, reallocates its storage, which
   * would be once per message.
   */
  private readonly inProgress: Array<Envelope | undefined> = [];
  private readonly inProgressTransports: string[] = [];
  private readonly skipped = new SkippedMessages();
  /** Batch mode (fetch size or concurrency above 1): acknowledgements are sent a batch at a time. */
  private batching = false;
  private fetchSize = 1;
  private concurrency = 1;
  /** Messages whose events ran, waiting for their batched ack or reject, by transport. */
  private settled = new Map<string, { ack: Envelope[]; reject: Envelope[] }>();
  /** When the oldest of them was settled (ms). */
  private settledSince: number | undefined;
  /**
   * The batch being handled; its messages from `next` on are taken and not started: kept alive,
   * released when the worker stops. (An index, not a set: nothing to update per message.)
   */
  private batch: { readonly envelopes: readonly Envelope[]; readonly transportName: string; next: number } | undefined;
  private messagesInFlight = 0;
  /** An asynchronous WorkerRunningEvent listener (a reset) in progress: no message starts meanwhile. */
  private pause: Promise<void> | undefined;

  constructor(
    receivers: ReadonlyMap<string, Receiver> | Readonly<Record<string, Receiver>>,
    private readonly bus: MessageBusInterface,
    eventDispatcher: EventDispatcher = new EventDispatcher(),
    options: WorkerOptions = {},
  ) {
    this.receivers = receivers instanceof Map ? receivers : new Map(Object.entries(receivers));
    this.eventDispatcher = eventDispatcher;
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger;
    this.infoLogger = this.logger?.isHandling?.('info') === false ? undefined : this.logger;
    this.metadata = { transportNames: [...this.receivers.keys()], queueNames: undefined };
  }

  /** Listens to this worker's events only; returns a function that removes the listener. */
  on<E extends object>(event: EventClass<E>, listener: Listener<E>, priority = 0): () => void {
    return this.eventDispatcher.addListener(event, listener, priority);
  }

  getMetadata(): WorkerMetadata {
    return this.metadata;
  }

  /** Why the worker stopped (or is stopping), as given to stop(). */
  getStopReason(): string | undefined {
    return this.stopReason;
  }

  /** Stops after the message being handled; wakes the worker at once if it is idle or waiting in get(). */
  stop(reason?: string): void {
    if (!this.shouldStop)
      this.logger?.log('info', 'Stopping worker.', { transport_names: this.metadata.transportNames, reason });
    this.stopReason ??= reason;
    this.shouldStop = true;
    this.idle?.abort();
    this.stopping.abort();
  }

  async run(options: WorkerRunOptions = {}): Promise<void> {
    const sleep = options.sleep ?? 1000;
    this.concurrency = wholeNumber('concurrency', options.concurrency ?? 1);
    this.fetchSize = Math.max(wholeNumber('fetchSize', options.fetchSize ?? 1), this.concurrency);
    this.batching = this.fetchSize > 1;
    const queues = options.queues !== undefined && options.queues.length > 0 ? options.queues : undefined;
    this.metadata = { ...this.metadata, queueNames: queues };
    prepareReceivers(this.receivers, { keepalive: options.keepalive, logger: this.logger });
    await this.dispatchEvent(new WorkerStartedEvent(this));
    if (queues !== undefined) {
      for (const [name, receiver] of this.receivers) {
        if (!isQueueReceiver(receiver))
          throw new RuntimeException(
            `Receiver for "${name}" does not implement QueueReceiver: it cannot consume from specific queues (--queues).`,
          );
      }
    }
    const keepalive = this.startKeepalive(options.keepalive);
    try {
      while (!this.shouldStop) {
        const started = this.clock.now();
        const handled = await this.receiveFromFirstNonEmpty(queues);
        if (!handled && (await this.flush(false))) continue;
        if (handled || this.shouldStop) continue;
        await this.dispatchEvent(new WorkerRunningEvent(this, true));
        this.skipped.clear();
        const remaining = sleep - (this.clock.now() - started);
        if (remaining > 0 && !this.shouldStop) await this.sleep(remaining, queues);
      }
      await this.flush(true);
      await this.flushSettled();
    } catch (error) {
      throw error instanceof TransportException ? stoppedByTransport(error) : error;
    } finally {
      clearInterval(keepalive);
      // Handled messages are acknowledged even when the worker stops on an error, if the transport still can.
      await this.flushSettled().catch((error: unknown) => {
        this.logger?.log('error', 'Could not acknowledge the handled messages: {error}', {
          error: errorMessage(error),
        });
      });
      await this.dispatchEvent(new WorkerStoppedEvent(this));
    }
  }

  /**
   * Tells each keepalive-capable transport that its messages being handled, or held by a batch
   * handler, are still in progress, so they are not delivered to another worker meanwhile.
   */
  async keepalive(seconds?: number): Promise<void> {
    const batch = this.batch;
    const messages = [
      ...this.inProgress.flatMap((envelope, i) =>
        envelope === undefined ? [] : [[envelope, this.inProgressTransports[i]!] as const],
      ),
      ...[...this.unacks.values()].map((u) => [u.envelope, u.transportName] as const),
      ...(batch === undefined ? [] : batch.envelopes.slice(batch.next).map((e) => [e, batch.transportName] as const)),
      ...[...this.settled].flatMap(([name, { ack, reject }]) => [...ack, ...reject].map((e) => [e, name] as const)),
    ];
    for (const [envelope, transportName] of messages) {
      const receiver = this.receivers.get(transportName);
      if (!isKeepaliveReceiver(receiver)) continue;
      this.logger?.log('info', 'Sending keepalive request.', {
        transport: transportName,
        message_id: envelope.last(TransportMessageIdStamp)?.id,
      });
      await receiver.keepalive(envelope, seconds);
    }
  }

  /** Handles what the first receiver with new messages returned; true if it had any. */
  private async receiveFromFirstNonEmpty(queues: readonly string[] | undefined): Promise<boolean> {
    const options = this.batching
      ? { signal: this.stopping.signal, maxMessages: this.fetchSize }
      : { signal: this.stopping.signal };
    for (const [name, receiver] of this.receivers) {
      const envelopes =
        queues === undefined
          ? await receiver.get(options)
          : await (receiver as QueueReceiver).getFromQueues(queues, options);
      if (this.batching) {
        if (envelopes.length > 0 && (await this.handleBatch(envelopes, name, receiver))) return true;
        continue;
      }
      let received = false;
      for (const envelope of envelopes) {
        if (this.skipped.has(name, envelope)) continue;
        received = true;
        await this.handleMessage(envelope, name);
        const pending = this.dispatchEvent(new WorkerRunningEvent(this, false));
        if (pending !== undefined) await pending;
        if (this.shouldStop) break;
      }
      // Start over from the first receiver, so a busy low-priority one never holds up a higher one.
      if (received) return true;
    }
    return false;
  }

  /**
   * Handles a fetched batch, up to `concurrency` messages at once, in the batch's order of
   * starting. Once the worker stops, no more are started: those running finish, the others
   * are released. Acknowledgements go together when the batch ends (so a SIGKILL duplicates at
   * most one batch), or earlier when the batch runs long. True if any message was handled.
   */
  private async handleBatch(envelopes: readonly Envelope[], name: string, receiver: Receiver): Promise<boolean> {
    const batch = { envelopes, transportName: name, next: 0 };
    let received = false;
    let failure: { readonly error: unknown } | undefined;
    this.batch = batch;
    const lane = async (): Promise<void> => {
      while (!this.shouldStop && failure === undefined && batch.next < envelopes.length) {
        if (this.pause !== undefined) {
          await this.pause;
          continue;
        }
        const envelope = envelopes[batch.next++]!;
        if (this.skipped.has(name, envelope)) continue;
        received = true;
        this.messagesInFlight++;
        try {
          await this.handleMessage(envelope, name);
        } catch (error) {
          failure ??= { error };
        } finally {
          this.messagesInFlight--;
        }
        const pending = this.dispatchEvent(new WorkerRunningEvent(this, false, this.messagesInFlight));
        if (pending !== undefined) {
          const done = pending.finally(() => {
            if (this.pause === done) this.pause = undefined;
          });
          this.pause = done;
          await done;
        }
        if (this.settledSince !== undefined && this.clock.now() - this.settledSince >= ACK_INTERVAL_MS)
          await this.flushSettled();
      }
    };
    const lanes = Math.min(this.concurrency, envelopes.length);
    if (lanes === 1) await lane().catch((error: unknown) => void (failure ??= { error }));
    else
      await Promise.all(
        Array.from({ length: lanes }, () => lane().catch((error: unknown) => void (failure ??= { error }))),
      );
    const unstarted = envelopes.slice(batch.next);
    this.batch = undefined;
    await this.flushSettled();
    if (unstarted.length > 0) await this.release(receiver, name, unstarted);
    if (failure !== undefined) throw failure.error;
    return received;
  }

  /** Gives back what the worker took and will not start, so another worker takes it now rather than after the redelivery timeout. */
  private async release(receiver: Receiver, transportName: string, envelopes: readonly Envelope[]): Promise<void> {
    const released = await releaseMany(receiver, envelopes);
    this.logger?.log(
      'info',
      released
        ? 'Released {count} messages taken and not started.'
        : 'Left {count} messages taken and not started: the transport delivers them again after its redelivery timeout.',
      { count: envelopes.length, transport: transportName },
    );
  }

  /** Sends the batched acknowledgements and rejections, one call per transport and kind. */
  private async flushSettled(): Promise<void> {
    if (this.settled.size === 0) return;
    const settled = this.settled;
    this.settled = new Map();
    this.settledSince = undefined;
    for (const [transportName, { ack, reject }] of settled) {
      const receiver = this.receivers.get(transportName)!;
      if (reject.length > 0) await rejectMany(receiver, reject);
      if (ack.length > 0) await ackMany(receiver, ack);
    }
  }

  /** Queues a message for the next flushSettled(). */
  private settle(transportName: string, envelope: Envelope, failed: boolean): void {
    let lists = this.settled.get(transportName);
    if (lists === undefined) this.settled.set(transportName, (lists = { ack: [], reject: [] }));
    (failed ? lists.reject : lists.ack).push(envelope);
    this.settledSince ??= this.clock.now();
  }

  private async handleMessage(received: Envelope, transportName: string): Promise<void> {
    const event = new WorkerMessageReceivedEvent(received, transportName);
    const pending = this.dispatchEvent(event);
    if (pending !== undefined) await pending;
    if (!event.shouldHandle()) {
      this.skipped.remember(transportName, event.getEnvelope());
      return;
    }
    const envelope = event.getEnvelope();
    this.infoLogger?.log('info', 'Received message {class}', {
      class: messageTypeName(envelope.message),
      transport: transportName,
    });
    const ackStamp = new AckStamp((acknowledged, error) => {
      this.acks.push([transportName, acknowledged, error !== undefined, error]);
    });
    this.started(envelope, transportName);
    let handled = envelope;
    let failed = false;
    let error: unknown;
    // One that could not be decoded fails at once, so it reaches the failure transport intact.
    const undecodable = envelope.last(MessageDecodingFailedStamp);
    if (undecodable !== undefined) {
      failed = true;
      error = undecodable.error;
    } else {
      try {
        handled = await this.bus.dispatch(envelope.with(this.receivedStamp(transportName), CONSUMED, ackStamp));
      } catch (thrown) {
        failed = true;
        error = thrown;
      }
    }
    this.finished(envelope);
    const batchHandler = failed ? undefined : handled.last(NoAutoAckStamp)?.handlerDescriptor.batchHandler;
    if (batchHandler !== undefined) {
      this.unacks.set(batchHandler, { envelope: handled.withoutAll(AckStamp), transportName, ackStamp });
    } else if (!ackStamp.isAcknowledged()) {
      if (this.acks.length === 0) {
        // Usually the only one to acknowledge: done at once, without queueing it (per message).
        const pending = this.acknowledge(transportName, handled, failed, error);
        if (pending !== undefined) await pending;
        return;
      }
      this.acks.push([transportName, handled, failed, error]);
    }
    const acknowledging = this.ack();
    if (typeof acknowledging !== 'boolean') await acknowledging;
  }

  /**
   * Acknowledges handled messages; for failed ones, runs the failure listeners (retry, failure
   * transport), then rejects. True if there were any. A promise only when something had to be
   * waited for (a listener, the transport): in batches, a handled message usually has nothing.
   */
  private ack(): boolean | Promise<boolean> {
    const acks = this.acks;
    if (acks.length === 0) return false;
    this.acks = [];
    for (let i = 0; i < acks.length; i++) {
      const pending = this.acknowledge(...acks[i]!);
      if (pending !== undefined) return this.finishAck(pending, acks, i + 1);
    }
    return true;
  }

  /** The rest of ack() once something had to be waited for, in the same order. */
  private async finishAck(pending: Promise<void>, acks: readonly PendingAck[], from: number): Promise<boolean> {
    await pending;
    for (let i = from; i < acks.length; i++) await this.acknowledge(...acks[i]!);
    return true;
  }

  /** One message: the handled event then the ack, or the failure listeners then the reject (queued for the batch when batching). */
  private acknowledge(
    transportName: string,
    acknowledged: Envelope,
    failed: boolean,
    error: unknown,
  ): void | Promise<void> {
    if (failed) return this.rejectFailed(transportName, envelopeOf(error) ?? acknowledged, error);
    const handledEvent = new WorkerMessageHandledEvent(acknowledged, transportName);
    const pending = this.dispatchEvent(handledEvent);
    if (pending !== undefined) return pending.then(() => this.acknowledgeHandled(handledEvent));
    return this.acknowledgeHandled(handledEvent);
  }

  private acknowledgeHandled(handledEvent: WorkerMessageHandledEvent): void | Promise<void> {
    const envelope = handledEvent.getEnvelope();
    const transportName = handledEvent.receiverName;
    this.infoLogger?.log('info', '{class} was handled successfully (acknowledging to transport).', {
      class: messageTypeName(envelope.message),
      message_id: envelope.last(TransportMessageIdStamp)?.id,
    });
    if (this.batching) this.settle(transportName, envelope, false);
    else return this.receivers.get(transportName)!.ack(envelope);
  }

  private async rejectFailed(transportName: string, envelope: Envelope, error: unknown): Promise<void> {
    const failedEvent = new WorkerMessageFailedEvent(envelope, transportName, error);
    await this.dispatchEvent(failedEvent);
    if (this.batching) this.settle(transportName, failedEvent.getEnvelope(), true);
    else await this.receivers.get(transportName)!.reject(failedEvent.getEnvelope());
  }

  /** In progress, in the first free slot. */
  private started(envelope: Envelope, transportName: string): void {
    let i = this.inProgress.indexOf(undefined);
    if (i === -1) i = this.inProgress.length;
    this.inProgress[i] = envelope;
    this.inProgressTransports[i] = transportName;
  }

  /** No longer in progress: its slot is free. */
  private finished(envelope: Envelope): void {
    this.inProgress[this.inProgress.indexOf(envelope)] = undefined;
  }

  /** Asks batch handlers holding messages to process them; true if anything was acknowledged. */
  private async flush(force: boolean): Promise<boolean> {
    if (this.unacks.size === 0) return false;
    const unacks = this.unacks;
    this.unacks = new Map();
    for (const { envelope, transportName, ackStamp } of unacks.values()) {
      try {
        await this.bus.dispatch(envelope.with(new FlushBatchHandlersStamp(force)));
      } catch (error) {
        // A batch handler that nacked this message when its batch failed has already reported it.
        if (!ackStamp.isAcknowledged())
          this.acks.push([transportName, envelope.withoutAll(NoAutoAckStamp), true, error]);
      }
    }
    const acknowledged = await this.ack();
    await this.flushSettled();
    return acknowledged;
  }

  /** Waits, but wakes up early when stopped or when a receiver says a message arrived in the queues consumed. */
  private async sleep(ms: number, queues: readonly string[] | undefined): Promise<void> {
    const controller = new AbortController();
    this.idle = controller;
    const waits = [this.clock.sleep(ms, controller.signal)];
    for (const receiver of this.receivers.values()) {
      if (isWakingReceiver(receiver)) waits.push(receiver.waitForMessages(controller.signal, queues));
    }
    try {
      await Promise.race(waits);
    } finally {
      controller.abort();
      this.idle = undefined;
    }
  }

  private startKeepalive(seconds: number | undefined): NodeJS.Timeout | undefined {
    if (seconds === undefined) return undefined;
    const timer = setInterval(() => {
      this.keepalive(seconds).catch((error: unknown) => {
        this.logger?.log('error', 'Keepalive failed: {error}', { error: errorMessage(error) });
      });
    }, seconds * 1000);
    // A pending keepalive never keeps the process alive on its own.
    timer.unref();
    return timer;
  }

  /** Listeners are usually synchronous: callers await only when one was not (each await costs, per message). */
  private dispatchEvent(event: object): void | Promise<void> {
    return this.eventDispatcher.dispatch(event);
  }

  private receivedStamp(transportName: string): ReceivedStamp {
    let stamp = this.receivedStamps.get(transportName);
    if (stamp === undefined) this.receivedStamps.set(transportName, (stamp = new ReceivedStamp(transportName)));
    return stamp;
  }
}

function wholeNumber(option: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1))
    throw new InvalidArgumentException(
      `Option "${option}" must be a whole number greater than zero, ${String(value)} given.`,
    );
  return value;
}

/** Errors that know the envelope as it was when handling failed (with the HandledStamps of the handlers that succeeded). */
function envelopeOf(error: unknown): Envelope | undefined {
  if (error instanceof HandlerFailedException) return error.envelope;
  if (error instanceof DelayedMessageHandlingException) return error.envelope;
  return undefined;
}
