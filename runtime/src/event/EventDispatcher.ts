import { isThenable } from '../support/isThenable.js';

/** An event is any object; listeners are registered for its exact class, as Symfony names events by class. */
export type EventClass<E extends object = object> = abstract new (...args: never[]) => E;

/** May return a promise: the dispatcher waits for it before calling the next listener. */
export type Listener<E extends object = object> = (event: E) => unknown;

/** One listener of a subscriber; build it with {@link listen} so the listener's type matches the event. */
export interface Subscription {
  readonly event: EventClass;
  readonly listener: Listener;
  readonly priority: number;
}

/** A group of listeners registered together (Symfony's EventSubscriberInterface). */
export interface EventSubscriber {
  getSubscribedEvents(): readonly Subscription[];
}

/** A typed subscription: `listen(WorkerRunningEvent, (event) => …, 100)`. Higher priorities run first. */
export function listen<E extends object>(event: EventClass<E>, listener: Listener<E>, priority = 0): Subscription {
  return { event, listener: listener as Listener, priority };
}

interface Registered {
  readonly listener: Listener;
  readonly priority: number;
  /** Registration order across every dispatcher, so a parent's listener runs before a child's of equal priority. */
  readonly order: number;
}

let registrations = 0;

/**
 * Calls the listeners of an event, highest priority first, registration order among equals.
 * A dispatcher may have a parent: a worker's dispatcher holds that worker's listeners (its
 * limits, its output) and also runs the application's listeners, without the two mixing.
 *
 * `dispatch` stays synchronous while the listeners are: a worker dispatches several events
 * per message, and most listeners only count or check something.
 */
export class EventDispatcher {
  private readonly listeners = new Map<EventClass, Registered[]>();
  private version = 0;
  private readonly sorted = new Map<
    EventClass,
    { readonly version: number; readonly listeners: readonly Listener[] }
  >();

  constructor(private readonly parent?: EventDispatcher) {}

  /** Registers a listener; returns a function that removes it. */
  addListener<E extends object>(event: EventClass<E>, listener: Listener<E>, priority = 0): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push({ listener: listener as Listener, priority, order: registrations++ });
    this.listeners.set(event, list);
    this.version++;
    return () => this.removeListener(event, listener);
  }

  removeListener<E extends object>(event: EventClass<E>, listener: Listener<E>): void {
    const list = this.listeners.get(event);
    const index = list?.findIndex((r) => r.listener === listener) ?? -1;
    if (index === -1) return;
    list!.splice(index, 1);
    this.version++;
  }

  /** Registers every listener of a subscriber; returns a function that removes them. */
  addSubscriber(subscriber: EventSubscriber): () => void {
    const removers = subscriber.getSubscribedEvents().map((s) => this.addListener(s.event, s.listener, s.priority));
    return () => removers.forEach((remove) => remove());
  }

  /** The listeners an event of this class reaches (parents' included), in call order. */
  getListeners(event: EventClass): readonly Listener[] {
    const version = this.totalVersion();
    const cached = this.sorted.get(event);
    if (cached !== undefined && cached.version === version) return cached.listeners;
    const all = this.registered(event).sort((a, b) => b.priority - a.priority || a.order - b.order);
    const listeners = all.map((r) => r.listener);
    this.sorted.set(event, { version, listeners });
    return listeners;
  }

  hasListeners(event: EventClass): boolean {
    return this.getListeners(event).length > 0;
  }

  /** Calls the listeners in order; returns a promise only if one of them returned one. */
  dispatch<E extends object>(event: E): void | Promise<void> {
    const listeners = this.getListeners(event.constructor as EventClass);
    for (let i = 0; i < listeners.length; i++) {
      const result = listeners[i]!(event);
      if (isThenable(result)) return this.finish(listeners, i + 1, result, event);
    }
  }

  private async finish(
    listeners: readonly Listener[],
    from: number,
    pending: PromiseLike<unknown>,
    event: object,
  ): Promise<void> {
    await pending;
    for (let i = from; i < listeners.length; i++) await listeners[i]!(event);
  }

  private registered(event: EventClass): Registered[] {
    return [...(this.parent?.registered(event) ?? []), ...(this.listeners.get(event) ?? [])];
  }

  private totalVersion(): number {
    // Versions only grow, so the sum changes whenever any dispatcher in the chain changes.
    return this.version + (this.parent?.totalVersion() ?? 0);
  }
}
