import type { Messenger } from '../app/Messenger.js';
import { EventDispatcher } from '../event/EventDispatcher.js';
import { AddErrorDetailsStampListener } from '../listener/AddErrorDetailsStampListener.js';
import { ResetServicesListener } from '../listener/ResetServicesListener.js';
import { SendFailedMessageForRetryListener } from '../listener/SendFailedMessageForRetryListener.js';
import { SendFailedMessageToFailureTransportListener } from '../listener/SendFailedMessageToFailureTransportListener.js';
import { StopWorkerOnCustomStopExceptionListener } from '../listener/StopWorkerOnCustomStopExceptionListener.js';
import { StopWorkerOnFailureLimitListener } from '../listener/StopWorkerOnFailureLimitListener.js';
import { StopWorkerOnMemoryLimitListener } from '../listener/StopWorkerOnMemoryLimitListener.js';
import { StopWorkerOnMessageLimitListener } from '../listener/StopWorkerOnMessageLimitListener.js';
import { StopWorkerOnRestartSignalListener } from '../listener/StopWorkerOnRestartSignalListener.js';
import { StopWorkerOnTimeLimitListener } from '../listener/StopWorkerOnTimeLimitListener.js';
import type { Logger } from '../log/Logger.js';
import type { Receiver, Sender } from '../transport/Transport.js';
import type { Clock } from './Clock.js';
import { restartSignalFile } from './restartSignal.js';
import { Worker } from './Worker.js';

export interface CreateWorkerOptions {
  /** Transport names in priority order, or receivers by transport name (e.g. one message of a failure transport). */
  readonly receivers: readonly string[] | ReadonlyMap<string, Receiver>;
  /** Dispatch every message on this bus instead of the one named by its BusNameStamp (`--bus`). */
  readonly bus?: string;
  /** Stop after this many messages (`--limit`). */
  readonly limit?: number;
  /** Stop after this many failed messages (`--failure-limit`). */
  readonly failureLimit?: number;
  /** Stop once the process uses more bytes than this (`--memory-limit`). */
  readonly memoryLimit?: number;
  /** Stop after this many seconds (`--time-limit`). */
  readonly timeLimit?: number;
  /** Reset the application's services between messages; default true (`--no-reset` sets it to false). */
  readonly reset?: boolean;
  /** Stop when `messenger stop-workers` is run; default true. */
  readonly stopOnRestartSignal?: boolean;
  /** Default: the application's logger. */
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly memoryResolver?: () => number;
}

/**
 * A worker wired as `messenger consume` wires it: error details, retries and failure
 * transports per transport, StopWorkerException, service resets, `stop-workers`, and the
 * limits asked for. Its events also reach the application's listeners.
 */
export function createWorker(messenger: Messenger, options: CreateWorkerOptions): Worker {
  const logger = options.logger ?? messenger.logger;
  const receivers = Array.isArray(options.receivers)
    ? new Map((options.receivers as readonly string[]).map((name) => [name, messenger.getReceiver(name)]))
    : (options.receivers as ReadonlyMap<string, Receiver>);
  const events = new EventDispatcher(messenger.eventDispatcher);
  const senders = {
    get: (name: string): Sender | undefined =>
      messenger.transportNames().includes(name) ? messenger.getTransport(name) : undefined,
  };
  const failureSenders = {
    get: (name: string): readonly [string, Sender] | undefined => {
      const failure = messenger.getFailureTransportName(name);
      return failure === undefined ? undefined : [failure, messenger.getTransport(failure)];
    },
  };
  const strategies = { get: (name: string) => messenger.getRetryStrategy(name) };
  events.addSubscriber(new AddErrorDetailsStampListener());
  events.addSubscriber(new SendFailedMessageForRetryListener(senders, strategies, logger, events));
  events.addSubscriber(new SendFailedMessageToFailureTransportListener(failureSenders, logger));
  events.addSubscriber(new StopWorkerOnCustomStopExceptionListener());
  const services = messenger.resettableServices();
  if (options.reset !== false && services.length > 0) events.addSubscriber(new ResetServicesListener(services));
  if (options.stopOnRestartSignal !== false) {
    events.addSubscriber(
      new StopWorkerOnRestartSignalListener(restartSignalFile(messenger.config.projectDir), logger, options.clock),
    );
  }
  if (options.limit !== undefined) events.addSubscriber(new StopWorkerOnMessageLimitListener(options.limit, logger));
  if (options.failureLimit !== undefined)
    events.addSubscriber(new StopWorkerOnFailureLimitListener(options.failureLimit, logger));
  if (options.memoryLimit !== undefined)
    events.addSubscriber(new StopWorkerOnMemoryLimitListener(options.memoryLimit, logger, options.memoryResolver));
  if (options.timeLimit !== undefined)
    events.addSubscriber(new StopWorkerOnTimeLimitListener(options.timeLimit, logger, options.clock));
  const bus = options.bus === undefined ? messenger.routableBus : messenger.getBus(options.bus);
  return new Worker(receivers, bus, events, { logger, clock: options.clock });
}
