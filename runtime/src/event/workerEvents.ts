/**
 * The events a worker dispatches, under Symfony's names. Listen to them on a worker
 * (`worker.on(WorkerMessageFailedEvent, …)`) or on every worker of an application
 * (`messenger.eventDispatcher.addListener(…)`).
 */
import type { Envelope } from '../Envelope.js';
import type { Stamp } from '../stamp/Stamp.js';

/** What a listener may do with the worker that dispatched an event. */
export interface WorkerInterface {
  /** Stops the worker after the message being handled; `reason` is shown to the user. */
  stop(reason?: string): void;
  getMetadata(): WorkerMetadata;
}

export interface WorkerMetadata {
  readonly transportNames: readonly string[];
  readonly queueNames: readonly string[] | undefined;
}

/** The worker is about to receive its first message. */
export class WorkerStartedEvent {
  constructor(readonly worker: WorkerInterface) {}

  getWorker(): WorkerInterface {
    return this.worker;
  }
}

/** The worker stopped (its pending batches are flushed). */
export class WorkerStoppedEvent {
  constructor(readonly worker: WorkerInterface) {}

  getWorker(): WorkerInterface {
    return this.worker;
  }
}

/** Dispatched after each message, and on each idle loop (`isWorkerIdle`); stop conditions are checked here. */
export class WorkerRunningEvent {
  constructor(
    readonly worker: WorkerInterface,
    readonly isWorkerIdle: boolean,
    /**
     * Messages still being handled by this worker (`consume --concurrency` above 1); 0 when
     * the worker handles one at a time. Services are reset only when it is 0.
     */
    readonly messagesInFlight = 0,
  ) {}

  getWorker(): WorkerInterface {
    return this.worker;
  }
}

export abstract class AbstractWorkerMessageEvent {
  constructor(
    private current: Envelope,
    /** The transport the message was received from. */
    readonly receiverName: string,
  ) {}

  get envelope(): Envelope {
    return this.current;
  }

  getEnvelope(): Envelope {
    return this.current;
  }

  getReceiverName(): string {
    return this.receiverName;
  }

  /** Adds stamps to the envelope later listeners (and the transport) see. */
  addStamps(...stamps: Stamp[]): void {
    this.current = this.current.with(...stamps);
  }
}

/** A message was received, before it is handled; a listener may decide it is not handled at all. */
export class WorkerMessageReceivedEvent extends AbstractWorkerMessageEvent {
  private handle = true;

  // One per message: V8 inlines an explicit constructor, not the implicit one (it forwards ...args through a generic construct)
  constructor(envelope: Envelope, receiverName: string) {
    super(envelope, receiverName);
  }

  shouldHandle(shouldHandle?: boolean): boolean {
    if (shouldHandle !== undefined) this.handle = shouldHandle;
    return this.handle;
  }
}

/** The message was handled; it is acknowledged right after. */
export class WorkerMessageHandledEvent extends AbstractWorkerMessageEvent {
  // One per message: see WorkerMessageReceivedEvent.
  constructor(envelope: Envelope, receiverName: string) {
    super(envelope, receiverName);
  }
}

/** Handling failed; the retry and failure-transport listeners act on it, then the message is rejected. */
export class WorkerMessageFailedEvent extends AbstractWorkerMessageEvent {
  private retry = false;

  constructor(
    envelope: Envelope,
    receiverName: string,
    readonly error: unknown,
  ) {
    super(envelope, receiverName);
  }

  getThrowable(): unknown {
    return this.error;
  }

  willRetry(): boolean {
    return this.retry;
  }

  setForRetry(): void {
    this.retry = true;
  }
}

/** A failed message was sent again to its transport, to be retried; the envelope carries its DelayStamp and RedeliveryStamp. */
export class WorkerMessageRetriedEvent extends AbstractWorkerMessageEvent {}
