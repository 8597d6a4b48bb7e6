import type { MessageBusInterface } from '../bus/MessageBus.js';
import type { Envelope } from '../Envelope.js';
import { DelayedMessageHandlingException } from '../errors/DelayedMessageHandlingException.js';
import { HandlerFailedException } from '../errors/HandlerFailedException.js';
import { RuntimeException } from '../errors/MessengerException.js';
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
import {
  isKeepaliveReceiver,
  isQueueReceiver,
  isWakingReceiver,
  type QueueReceiver,
  type Receiver,
} from '../transport/Transport.js';
import { type Clock, SystemClock } from './Clock.js';
import { SkippedMessages } from './SkippedMessages.js';

export interface WorkerRunOptions {
  /** Milliseconds to wait after finding no message before asking again; default 1000. */
  readonly sleep?: number;
  /** Only consume from these queues (every receiver must be a QueueReceiver). */
  readonly queues?: readonly string[];
  /** Every this many seconds, tell keepalive-capable transports that the messages in progress still are (`--keepalive`). */
  readonly keepalive?: number;
}

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
  private metadata: WorkerMetadata;
  private shouldStop = false;
  private stopReason: string | undefined;
  private acks: PendingAck[] = [];
  private unacks = new Map<BatchHandler, Unacked>();
  private idle: AbortController | undefined;
  /** Aborted by stop(): a receiver waiting inside get() (PostgreSQL get_notify_timeout) returns at once. */
  private readonly stopping = new AbortController();
  private readonly receivedStamps = new Map<string, ReceivedStamp>();
  /** Messages being handled, by transport: what keepalive() reports as still in progress. */
  private readonly inProgress = new Map<Envelope, string>();
  private readonly skipped = new SkippedMessages();

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
    const queues = options.queues !== undefined && options.queues.length > 0 ? options.queues : undefined;
    this.metadata = { ...this.metadata, queueNames: queues };
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
    } finally {
      clearInterval(keepalive);
      await this.dispatchEvent(new WorkerStoppedEvent(this));
    }
  }

  /**
   * Tells each keepalive-capable transport that its messages being handled, or held by a batch
   * handler, are still in progress, so they are not delivered to another worker meanwhile.
   */
  async keepalive(seconds?: number): Promise<void> {
    const messages = [
      ...this.inProgress,
      ...[...this.unacks.values()].map((u) => [u.envelope, u.transportName] as const),
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
    const options = { signal: this.stopping.signal, logger: this.logger };
    for (const [name, receiver] of this.receivers) {
      const envelopes =
        queues === undefined
          ? await receiver.get(options)
          : await (receiver as QueueReceiver).getFromQueues(queues, options);
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

  private async handleMessage(received: Envelope, transportName: string): Promise<void> {
    const event = new WorkerMessageReceivedEvent(received, transportName);
    const pending = this.dispatchEvent(event);
    if (pending !== undefined) await pending;
    if (!event.shouldHandle()) {
      this.skipped.remember(transportName, event.getEnvelope());
      return;
    }
    const envelope = event.getEnvelope();
    this.logger?.log('info', 'Received message {class}', {
      class: messageTypeName(envelope.message),
      transport: transportName,
    });
    const ackStamp = new AckStamp((acknowledged, error) => {
      this.acks.push([transportName, acknowledged, error !== undefined, error]);
    });
    this.inProgress.set(envelope, transportName);
    const [handled, failed, error] = await this.dispatchReceived(envelope, transportName, ackStamp);
    this.inProgress.delete(envelope);
    const batchHandler = failed ? undefined : handled.last(NoAutoAckStamp)?.handlerDescriptor.batchHandler;
    if (batchHandler !== undefined) {
      this.unacks.set(batchHandler, { envelope: handled.withoutAll(AckStamp), transportName, ackStamp });
    } else if (!ackStamp.isAcknowledged()) {
      this.acks.push([transportName, handled, failed, error]);
    }
    await this.ack();
  }

  /** Dispatches a received message; one that could not be decoded fails at once, so it reaches the failure transport intact. */
  private async dispatchReceived(
    envelope: Envelope,
    transportName: string,
    ackStamp: AckStamp,
  ): Promise<readonly [Envelope, boolean, unknown]> {
    const undecodable = envelope.last(MessageDecodingFailedStamp);
    if (undecodable !== undefined) return [envelope, true, undecodable.error];
    try {
      return [
        await this.bus.dispatch(envelope.with(this.receivedStamp(transportName), CONSUMED, ackStamp)),
        false,
        undefined,
      ];
    } catch (error) {
      return [envelope, true, error];
    }
  }

  /** Acknowledges handled messages; for failed ones, runs the failure listeners (retry, failure transport), then rejects. */
  private async ack(): Promise<boolean> {
    const acks = this.acks;
    if (acks.length === 0) return false;
    this.acks = [];
    for (const [transportName, acknowledged, failed, error] of acks) {
      const receiver = this.receivers.get(transportName)!;
      if (failed) {
        const failedEvent = new WorkerMessageFailedEvent(envelopeOf(error) ?? acknowledged, transportName, error);
        await this.dispatchEvent(failedEvent);
        await receiver.reject(failedEvent.getEnvelope());
        continue;
      }
      const handledEvent = new WorkerMessageHandledEvent(acknowledged, transportName);
      const pending = this.dispatchEvent(handledEvent);
      if (pending !== undefined) await pending;
      const envelope = handledEvent.getEnvelope();
      this.logger?.log('info', '{class} was handled successfully (acknowledging to transport).', {
        class: messageTypeName(envelope.message),
        message_id: envelope.last(TransportMessageIdStamp)?.id,
      });
      await receiver.ack(envelope);
    }
    return true;
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
    return this.ack();
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

/** Errors that know the envelope as it was when handling failed (with the HandledStamps of the handlers that succeeded). */
function envelopeOf(error: unknown): Envelope | undefined {
  if (error instanceof HandlerFailedException) return error.envelope;
  if (error instanceof DelayedMessageHandlingException) return error.envelope;
  return undefined;
}
