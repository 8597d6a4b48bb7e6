import type { MessageBusInterface } from '../bus/MessageBus.js';
import type { Envelope } from '../Envelope.js';
import { DelayedMessageHandlingException } from '../errors/DelayedMessageHandlingException.js';
import { HandlerFailedException } from '../errors/HandlerFailedException.js';
import { RuntimeException } from '../errors/MessengerException.js';
import { type EventClass, EventDispatcher, type Listener } from '../event/EventDispatcher.js';
import {
  WorkerMessageFailedEvent, WorkerMessageHandledEvent, WorkerMessageReceivedEvent, WorkerRunningEvent, WorkerStartedEvent, WorkerStoppedEvent,
  type WorkerInterface, type WorkerMetadata,
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
import { isQueueReceiver, isWakingReceiver, type QueueReceiver, type Receiver } from '../transport/Transport.js';
import { type Clock, SystemClock } from './Clock.js';

export interface WorkerRunOptions {
  /** Milliseconds to wait after finding no message before asking again; default 1000. */
  readonly sleep?: number;
  /** Only consume from these queues (every receiver must be a QueueReceiver). */
  readonly queues?: readonly string[];
}

export interface WorkerOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
}

/** A message to acknowledge (`failed` false) or reject after the failure listeners ran. */
type PendingAck = readonly [transportName: string, envelope: Envelope, failed: boolean, error: unknown];

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
  private unacks = new Map<BatchHandler, readonly [Envelope, string]>();
  private idle: AbortController | undefined;
  private readonly receivedStamps = new Map<string, ReceivedStamp>();

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

  /** Stops after the message being handled; wakes the worker at once if it is idle. */
  stop(reason?: string): void {
    if (!this.shouldStop) this.logger?.log('info', 'Stopping worker.', { transport_names: this.metadata.transportNames, reason });
    this.stopReason ??= reason;
    this.shouldStop = true;
    this.idle?.abort();
  }

  async run(options: WorkerRunOptions = {}): Promise<void> {
    const sleep = options.sleep ?? 1000;
    const queues = options.queues !== undefined && options.queues.length > 0 ? options.queues : undefined;
    this.metadata = { ...this.metadata, queueNames: queues };
    await this.dispatch(new WorkerStartedEvent(this));
    if (queues !== undefined) {
      for (const [name, receiver] of this.receivers) {
        if (!isQueueReceiver(receiver)) throw new RuntimeException(`Receiver for "${name}" does not implement QueueReceiver: it cannot consume from specific queues (--queues).`);
      }
    }
    try {
      while (!this.shouldStop) {
        const started = this.clock.now();
        const handled = await this.receiveFromFirstNonEmpty(queues);
        if (!handled && (await this.flush(false))) continue;
        if (handled || this.shouldStop) continue;
        await this.dispatch(new WorkerRunningEvent(this, true));
        const remaining = sleep - (this.clock.now() - started);
        if (remaining > 0 && !this.shouldStop) await this.sleep(remaining);
      }
      await this.flush(true);
    } finally {
      await this.dispatch(new WorkerStoppedEvent(this));
    }
  }

  /** Handles what the first receiver with messages returned; true if it had any. */
  private async receiveFromFirstNonEmpty(queues: readonly string[] | undefined): Promise<boolean> {
    for (const [name, receiver] of this.receivers) {
      const envelopes = queues === undefined ? await receiver.get() : await (receiver as QueueReceiver).getFromQueues(queues);
      if (envelopes.length === 0) continue;
      for (const envelope of envelopes) {
        await this.handleMessage(envelope, name);
        const pending = this.dispatch(new WorkerRunningEvent(this, false));
        if (pending !== undefined) await pending;
        if (this.shouldStop) break;
      }
      // Start over from the first receiver, so a busy low-priority one never holds up a higher one.
      return true;
    }
    return false;
  }

  private async handleMessage(received: Envelope, transportName: string): Promise<void> {
    const event = new WorkerMessageReceivedEvent(received, transportName);
    const pending = this.dispatch(event);
    if (pending !== undefined) await pending;
    let envelope = event.getEnvelope();
    if (!event.shouldHandle()) return;
    this.logger?.log('info', 'Received message {class}', { class: messageTypeName(envelope.message), transport: transportName });
    let acked = false;
    const ackStamp = new AckStamp((acknowledged, error) => {
      acked = true;
      this.acks.push([transportName, acknowledged, error !== undefined, error]);
    });
    let failed = false;
    let error: unknown;
    const undecodable = envelope.last(MessageDecodingFailedStamp);
    if (undecodable !== undefined) {
      // Nothing can handle it; failing it sends it on to the failure transport, body and headers intact.
      failed = true;
      error = undecodable.error;
    } else {
      try {
        envelope = await this.bus.dispatch(envelope.with(this.receivedStamp(transportName), CONSUMED, ackStamp));
      } catch (thrown) {
        failed = true;
        error = thrown;
      }
    }
    const noAutoAck = failed ? undefined : envelope.last(NoAutoAckStamp);
    if (noAutoAck?.handlerDescriptor.batchHandler !== undefined) {
      this.unacks.set(noAutoAck.handlerDescriptor.batchHandler, [envelope.withoutAll(AckStamp), transportName]);
    } else if (!acked) {
      this.acks.push([transportName, envelope, failed, error]);
    }
    await this.ack();
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
        await this.dispatch(failedEvent);
        await receiver.reject(failedEvent.getEnvelope());
        continue;
      }
      const handledEvent = new WorkerMessageHandledEvent(acknowledged, transportName);
      const pending = this.dispatch(handledEvent);
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
    for (const [envelope, transportName] of unacks.values()) {
      try {
        await this.bus.dispatch(envelope.with(new FlushBatchHandlersStamp(force)));
      } catch (error) {
        this.acks.push([transportName, envelope.withoutAll(NoAutoAckStamp), true, error]);
      }
    }
    return this.ack();
  }

  /** Waits, but wakes up early when stopped or when a receiver says a message arrived. */
  private async sleep(ms: number): Promise<void> {
    const controller = new AbortController();
    this.idle = controller;
    const waits = [this.clock.sleep(ms, controller.signal)];
    for (const receiver of this.receivers.values()) {
      if (isWakingReceiver(receiver)) waits.push(receiver.waitForMessages(controller.signal));
    }
    try {
      await Promise.race(waits);
    } finally {
      controller.abort();
      this.idle = undefined;
    }
  }

  /** Listeners are usually synchronous: callers await only when one was not (each await costs, per message). */
  private dispatch(event: object): void | Promise<void> {
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
