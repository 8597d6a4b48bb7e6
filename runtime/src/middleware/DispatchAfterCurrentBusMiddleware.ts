import { AsyncLocalStorage } from 'node:async_hooks';
import type { Envelope } from '../Envelope.js';
import { DelayedMessageHandlingException } from '../errors/DelayedMessageHandlingException.js';
import { DispatchAfterCurrentBusStamp } from '../stamp/DispatchAfterCurrentBusStamp.js';
import type { Middleware, Stack } from './Middleware.js';
import { type ChainObserver, StackMiddleware } from './StackMiddleware.js';

interface QueuedEnvelope {
  readonly envelope: Envelope;
  readonly stack: Stack;
}

interface RootDispatch {
  /** The held messages, in order; created with the first (most dispatches hold none). */
  queue?: QueuedEnvelope[];
  /**
   * Set once the root dispatch has finished. Work a handler started without awaiting it (a
   * timer, a floating promise) keeps this context; nothing would drain its queue any more.
   */
  closed: boolean;
}

/**
 * Holds back messages stamped with DispatchAfterCurrentBusStamp until the outermost dispatch
 * succeeds; drops them if it fails (`dispatch_after_current_bus`).
 *
 * PHP tracks "inside a dispatch" with a flag on the middleware. Node handles many dispatches
 * concurrently, so the outermost dispatch is tracked per async context instead: a message
 * dispatched from one request's handler is never held back by another request's dispatch.
 *
 * That context is AsyncLocalStorage, which on Node 20 puts a hook on every promise of the
 * process (the bus ran at a third of its speed with it). So it is entered only once the
 * application has used the stamp. Until then a dispatch is followed only while it runs
 * synchronously (a nested dispatch then is exactly its own), and, if it goes on asynchronously
 * (an async handler, a send), only counted until it settles: no object per dispatch. A stamped
 * message sent from a dispatch begun before tracking is held by that dispatch when it comes from
 * its synchronous part; after an await, nothing tells which of the untracked dispatches in
 * progress sent it, so it waits until they have all ended, and is dropped if one of them fails.
 * That window closes with them: every dispatch begun after the first stamped message is tracked exactly.
 */
export class DispatchAfterCurrentBusMiddleware implements Middleware, ChainObserver {
  private readonly rootDispatch = new AsyncLocalStorage<RootDispatch>();
  /** Whether root dispatches run inside the AsyncLocalStorage context: from the first stamped message on. */
  private tracking = false;
  /** Whether the synchronous part of an untracked root dispatch is running. */
  private inSyncPart = false;
  /** What that dispatch holds, created with its first held message. */
  private syncRoot: RootDispatch | undefined;
  /** Untracked root dispatches that went on asynchronously and have not settled. */
  private untrackedInProgress = 0;
  /** What they hold: messages stamped after an await in one of them (which one, nothing tells). */
  private untrackedHeld: RootDispatch | undefined;
  // Shared reactions for a chain the stack cannot report: an untracked dispatch needs no closure.
  private readonly untrackedEnded = (returned: Envelope) => this.chainEnded(returned);
  private readonly untrackedFailed = (error: unknown) => {
    this.chainFailed();
    throw error;
  };

  handle(envelope: Envelope, stack: Stack): Promise<Envelope> {
    // Kept small, the rest in other methods, so that V8 inlines it into the layer before.
    if (this.tracking || envelope.last(DispatchAfterCurrentBusStamp) !== undefined)
      return this.handleTracked(envelope, stack);
    return this.inSyncPart ? stack.next().handle(envelope, stack) : this.handleUntracked(envelope, stack);
  }

  /** From the first stamped message on. */
  private handleTracked(envelope: Envelope, stack: Stack): Promise<Envelope> {
    this.tracking = true;
    const stamped = envelope.last(DispatchAfterCurrentBusStamp) !== undefined;
    const store = this.rootDispatch.getStore();
    // After the root dispatch finished, a message is on its own again: dispatched at once.
    const root = store?.closed === false ? store : undefined;
    if (stamped) {
      const unstamped = envelope.withoutAll(DispatchAfterCurrentBusStamp);
      const holder = root ?? (store === undefined ? this.untrackedHolder() : undefined);
      if (holder !== undefined) {
        (holder.queue ??= []).push({ envelope: unstamped, stack });
        // As in Symfony, the caller gets its envelope back as it gave it, stamp included.
        return Promise.resolve(envelope);
      }
      envelope = unstamped;
    }
    if (root !== undefined || (store === undefined && this.inSyncPart)) return stack.next().handle(envelope, stack);
    const dispatch: RootDispatch = rootDispatch();
    return this.rootDispatch.run(dispatch, () => this.handleRoot(envelope, stack, dispatch));
  }

  /** Outside any tracked dispatch: the untracked one running synchronously, else those still in progress. */
  private untrackedHolder(): RootDispatch | undefined {
    if (this.inSyncPart) return (this.syncRoot ??= rootDispatch());
    return this.untrackedInProgress > 0 ? (this.untrackedHeld ??= rootDispatch()) : undefined;
  }

  /**
   * Before tracking. A chain that reached its end synchronously, holding nothing, is over: no
   * code of it runs any more, and it costs no promise reaction. Otherwise it is counted until it
   * settles: told by the reaction that ends it when the stack can (one async handler, the usual
   * case), else with a reaction of its own.
   */
  private handleUntracked(envelope: Envelope, stack: Stack): Promise<Envelope> {
    this.inSyncPart = true;
    let handled: Promise<Envelope>;
    try {
      handled = stack.next().handle(envelope, stack);
    } catch (error) {
      // Not `finally`: it costs this path more instructions in V8.
      this.inSyncPart = false;
      throw error;
    }
    this.inSyncPart = false;
    if (this.syncRoot !== undefined) return this.releaseWhenSettled(handled);
    if (stack.ended === true) return handled;
    this.untrackedInProgress++;
    if (stack instanceof StackMiddleware && stack.observe(this)) return handled;
    return handled.then(this.untrackedEnded, this.untrackedFailed);
  }

  /** The untracked dispatch held a message in its synchronous part (once per process): followed with its own reaction. */
  private releaseWhenSettled(handled: Promise<Envelope>): Promise<Envelope> {
    const held = this.syncRoot!;
    this.syncRoot = undefined;
    this.untrackedInProgress++;
    return handled.then(
      (returned) => {
        this.untrackedInProgress--;
        return this.release(held, returned);
      },
      (error: unknown) => {
        this.chainFailed();
        held.queue = undefined;
        throw error;
      },
    );
  }

  /** An untracked root dispatch ended: once the last one ends, what they held together is dispatched. */
  chainEnded(returned: Envelope): Envelope | Promise<Envelope> {
    this.untrackedInProgress--;
    if (this.untrackedHeld === undefined || this.untrackedInProgress > 0) return returned;
    return this.release(undefined, returned);
  }

  /** Dispatches what an untracked dispatch that ended held, and what they all held once the last one has ended. */
  private release(own: RootDispatch | undefined, returned: Envelope): Envelope | Promise<Envelope> {
    let held = own;
    const shared = this.untrackedHeld;
    if (shared !== undefined && this.untrackedInProgress === 0) {
      this.untrackedHeld = undefined;
      if (held === undefined) held = shared;
      else if (shared.queue !== undefined) (held.queue ??= []).push(...shared.queue);
    }
    if (held?.queue === undefined || held.queue.length === 0) return returned;
    // Tracking has begun (a message was held): what the held messages' handlers hold joins this queue.
    const dispatch = held;
    return this.rootDispatch.run(dispatch, () => this.dispatchQueued(dispatch, returned));
  }

  /** An untracked root dispatch failed: what the untracked ones hold together never goes out. */
  chainFailed(): void {
    this.untrackedInProgress--;
    this.untrackedHeld = undefined;
  }

  private handleRoot(envelope: Envelope, stack: Stack, dispatch: RootDispatch): Promise<Envelope> {
    // No .finally() and no closures: this runs for every dispatch, and with AsyncLocalStorage's
    // promise hooks each extra promise or allocation shows.
    return stack
      .next()
      .handle(envelope, stack)
      .then(
        (returned) => {
          if (dispatch.queue === undefined || dispatch.queue.length === 0) {
            dispatch.closed = true;
            return returned;
          }
          return this.dispatchQueued(dispatch, returned);
        },
        (error: unknown) => {
          dispatch.closed = true;
          dispatch.queue = undefined;
          throw error;
        },
      );
  }

  /** Still inside the root context: messages queued by these handlers join the queue. */
  private async dispatchQueued(dispatch: RootDispatch, returned: Envelope): Promise<Envelope> {
    const failures: unknown[] = [];
    const queue = (dispatch.queue ??= []);
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      const lengthBefore = queue.length;
      try {
        await item.stack.next().handle(item.envelope, item.stack);
      } catch (error) {
        failures.push(error);
        // What the failed handler queued must not go out either.
        queue.length = lengthBefore;
      }
    }
    dispatch.closed = true;
    if (failures.length > 0) throw new DelayedMessageHandlingException(failures, returned);
    return returned;
  }
}

/** Every field set from the start: one object shape, with no property added (and storage grown) later. */
function rootDispatch(): RootDispatch {
  return { queue: undefined, closed: false };
}
