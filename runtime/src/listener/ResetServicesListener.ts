import { type EventSubscriber, listen } from '../event/EventDispatcher.js';
import { WorkerRunningEvent, WorkerStoppedEvent } from '../event/workerEvents.js';

/** A service with state to clear between messages (Symfony's ResetInterface). */
export interface Resettable {
  reset(): unknown;
}

export function isResettable(value: unknown): value is Resettable {
  return typeof (value as Partial<Resettable> | null)?.reset === 'function';
}

/** The objects workers reset between messages: every one given to the application that has a reset() method, once. */
export function collectResettable(candidates: Iterable<unknown>): Resettable[] {
  return [...new Set([...candidates].filter(isResettable))];
}

/**
 * Calls reset() on the application's services after each message and when the worker stops,
 * so no state leaks from one message to the next (disabled by `consume --no-reset`).
 * Runs last, after every other listener of the message. A worker handling several messages at
 * once (`--concurrency`) is reset only when none is in flight: resetting a service under a
 * running handler would break it. The worker starts no message until an asynchronous reset ends.
 */
export class ResetServicesListener implements EventSubscriber {
  constructor(private readonly services: readonly Resettable[]) {}

  getSubscribedEvents() {
    return [
      listen(
        WorkerRunningEvent,
        (event) => (event.isWorkerIdle || event.messagesInFlight > 0 ? undefined : this.reset()),
        -1024,
      ),
      listen(WorkerStoppedEvent, () => this.reset(), -1024),
    ];
  }

  /** Synchronous unless a service's reset() returns a promise. */
  reset(): void | Promise<void> {
    for (let i = 0; i < this.services.length; i++) {
      const result = this.services[i]!.reset();
      if (typeof (result as PromiseLike<unknown> | null)?.then === 'function')
        return this.finish(i + 1, result as PromiseLike<unknown>);
    }
  }

  private async finish(from: number, pending: PromiseLike<unknown>): Promise<void> {
    await pending;
    for (let i = from; i < this.services.length; i++) await this.services[i]!.reset();
  }
}
