import type { Envelope } from '../../Envelope.js';
import { type EventSubscriber, listen } from '../../event/EventDispatcher.js';
import {
  WorkerMessageFailedEvent,
  WorkerMessageHandledEvent,
  WorkerMessageReceivedEvent,
  WorkerMessageRetriedEvent,
  WorkerRunningEvent,
  WorkerStartedEvent,
  WorkerStoppedEvent,
} from '../../event/workerEvents.js';
import type { MessageTypeRegistry } from '../../message/MessageTypeRegistry.js';
import { AvailableAtStamp } from '../../stamp/AvailableAtStamp.js';
import { DelayStamp } from '../../stamp/DelayStamp.js';
import { ErrorDetailsStamp } from '../../stamp/ErrorDetailsStamp.js';
import { HandledStamp } from '../../stamp/HandledStamp.js';
import { RedeliveryStamp } from '../../stamp/RedeliveryStamp.js';
import type { Worker } from '../../worker/Worker.js';
import { terminalSafeJson } from '../console/terminalSafe.js';
import { messageClass, messageId } from '../../failed/describeFailed.js';
import { JSON_FORMAT_VERSION, type MessageJson, type WorkerCounts, type WorkerEventJson } from '../json/schema.js';

type Payload = WorkerEventJson extends infer E
  ? E extends WorkerEventJson
    ? Omit<E, keyof WorkerCounts | 'version' | 'at' | 'uptimeMs' | 'memoryBytes'>
    : never
  : never;

/** `consume --format json`: one line of JSON per worker event (see WorkerEventJson), for tools to follow. */
export class JsonEventStream implements EventSubscriber {
  private readonly counts = { received: 0, handled: 0, failed: 0, retried: 0 };
  private startedAt = Date.now();
  private receivedAt = Date.now();
  private idle = false;
  /** The retry is decided while the failure is being handled: it is printed after the failure. */
  private pendingRetry: Payload | undefined;

  constructor(
    private readonly worker: Worker,
    private readonly registry: MessageTypeRegistry,
    private readonly stopsWhen: readonly string[],
    private readonly out: NodeJS.WritableStream = process.stdout,
    /** `--memory-limit`, in bytes; what each event's memoryBytes is compared with. */
    private readonly memoryLimitBytes: number | null = null,
    /** What `--memory-limit` measures: the resident set size. */
    private readonly memory: () => number = () => process.memoryUsage.rss(),
  ) {}

  getSubscribedEvents() {
    return [
      listen(WorkerStartedEvent, () => {
        this.startedAt = Date.now();
        const { transportNames, queueNames } = this.worker.getMetadata();
        this.write({
          event: 'started',
          pid: process.pid,
          transports: transportNames,
          queues: queueNames ?? null,
          stopsWhen: this.stopsWhen,
          memoryLimitBytes: this.memoryLimitBytes,
        });
      }),
      listen(WorkerMessageReceivedEvent, (event) => {
        this.counts.received++;
        this.idle = false;
        this.receivedAt = Date.now();
        const availableAt = event.envelope.last(AvailableAtStamp)?.at;
        this.write({
          event: 'received',
          message: this.message(event.envelope, event.receiverName),
          waitMs: availableAt === undefined ? null : Math.max(0, this.receivedAt - availableAt),
        });
      }),
      listen(WorkerMessageHandledEvent, (event) => {
        this.counts.handled++;
        const handlers = event.envelope.all(HandledStamp).map((s) => s.handlerName);
        this.write({
          event: 'handled',
          message: this.message(event.envelope, event.receiverName),
          handlers,
          durationMs: Date.now() - this.receivedAt,
        });
      }),
      // After the failure listeners (lowest priority), so willRetry and the error details are known.
      listen(
        WorkerMessageFailedEvent,
        (event) => {
          this.counts.failed++;
          const details = event.envelope.last(ErrorDetailsStamp) ?? ErrorDetailsStamp.create(event.error);
          this.write({
            event: 'failed',
            message: this.message(event.envelope, event.receiverName),
            error: { class: details.exceptionClass, message: details.exceptionMessage, code: details.exceptionCode },
            willRetry: event.willRetry(),
            retryCount: RedeliveryStamp.getRetryCountFromEnvelope(event.envelope),
            durationMs: Date.now() - this.receivedAt,
          });
          if (this.pendingRetry !== undefined) this.write(this.pendingRetry);
          this.pendingRetry = undefined;
        },
        -1000,
      ),
      listen(WorkerMessageRetriedEvent, (event) => {
        this.counts.retried++;
        this.pendingRetry = {
          event: 'retried',
          message: this.message(event.envelope, event.receiverName),
          retryCount: RedeliveryStamp.getRetryCountFromEnvelope(event.envelope),
          delayMs: event.envelope.last(DelayStamp)?.delay ?? 0,
        };
      }),
      listen(WorkerRunningEvent, (event) => {
        if (!event.isWorkerIdle || this.idle) return;
        this.idle = true;
        this.write({ event: 'idle' });
      }),
      listen(WorkerStoppedEvent, () => this.write({ event: 'stopped', reason: this.worker.getStopReason() ?? null })),
    ];
  }

  private message(envelope: Envelope, transport: string): MessageJson {
    return { transport, id: messageId(envelope), class: messageClass(envelope, this.registry) };
  }

  private write(payload: Payload): void {
    const line = {
      version: JSON_FORMAT_VERSION,
      ...payload,
      ...this.counts,
      at: new Date().toISOString(),
      uptimeMs: Date.now() - this.startedAt,
      memoryBytes: this.memory(),
    };
    this.out.write(`${terminalSafeJson(line)}\n`);
  }
}
