import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConsumedByWorkerStamp,
  Envelope,
  EventDispatcher,
  MessageBus,
  middleware,
  MockClock,
  ReceivedStamp,
  type Receiver,
  RuntimeException,
  StopWorkerException,
  StopWorkerOnCustomStopExceptionListener,
  StopWorkerOnMessageLimitListener,
  TransportMessageIdStamp,
  Worker,
  WorkerMessageFailedEvent,
  WorkerMessageHandledEvent,
  WorkerMessageReceivedEvent,
  WorkerRunningEvent,
  WorkerStartedEvent,
  WorkerStoppedEvent,
  type WakingReceiver,
  type Logger,
  type LogLevel,
} from '../../src/index.js';
import { StalledClock, within } from '../support/deadline.js';

class Task {
  constructor(readonly name: string) {}
}

/** A receiver over an array, like Symfony's DummyReceiver: get() returns one message at a time. */
class ArrayReceiver implements Receiver {
  readonly acked: string[] = [];
  readonly rejected: string[] = [];
  gets = 0;

  constructor(readonly queue: Task[] = []) {}

  async get(): Promise<readonly Envelope[]> {
    this.gets++;
    const next = this.queue.shift();
    return next === undefined ? [] : [Envelope.wrap(next)];
  }

  async ack(envelope: Envelope): Promise<void> {
    this.acked.push((envelope.message as Task).name);
  }

  async reject(envelope: Envelope): Promise<void> {
    this.rejected.push((envelope.message as Task).name);
  }
}

/** A bus that records what it handles and fails for tasks named `fail*` (or throws what `errors` says). */
function recordingBus(handled: string[], errors: Record<string, unknown> = {}): MessageBus {
  return new MessageBus([
    middleware(async (envelope) => {
      const name = (envelope.message as Task).name;
      handled.push(name);
      if (errors[name] !== undefined) throw errors[name];
      if (name.startsWith('fail')) throw new Error(`${name} failed`);
      return envelope;
    }),
  ]);
}

/** Stops the worker once it is idle (after `idleRuns` idle loops). */
function stopWhenIdle(worker: Worker, idleRuns = 1): void {
  let idle = 0;
  worker.on(WorkerRunningEvent, (event) => {
    if (event.isWorkerIdle && ++idle >= idleRuns) event.worker.stop('idle');
  });
}

describe('Worker', () => {
  it('dispatches received messages with ReceivedStamp and ConsumedByWorkerStamp, acks handled ones, rejects failed ones', async () => {
    const receiver = new ArrayReceiver([new Task('a'), new Task('fail-b'), new Task('c')]);
    const stamps: string[] = [];
    const bus = new MessageBus([
      middleware(async (envelope) => {
        stamps.push(
          `${envelope.last(ReceivedStamp)?.transportName}:${envelope.last(ConsumedByWorkerStamp) !== undefined}`,
        );
        if ((envelope.message as Task).name.startsWith('fail')) throw new Error('nope');
        return envelope;
      }),
    ]);
    const worker = new Worker({ async: receiver }, bus, new EventDispatcher(), { clock: new MockClock() });
    stopWhenIdle(worker);
    await worker.run();
    assert.deepEqual(stamps, ['async:true', 'async:true', 'async:true']);
    assert.deepEqual(receiver.acked, ['a', 'c']);
    assert.deepEqual(receiver.rejected, ['fail-b']);
  });

  it('logs each message at info level only to a logger that writes info records (it asks once, through isHandling)', async () => {
    const logged = async (handles: LogLevel[] | undefined): Promise<string[]> => {
      const records: string[] = [];
      const logger: Logger = {
        log: (level, message) => records.push(`${level}: ${message}`),
        ...(handles === undefined ? {} : { isHandling: (level: LogLevel) => handles.includes(level) }),
      };
      const worker = new Worker({ jobs: new ArrayReceiver([new Task('a')]) }, recordingBus([]), new EventDispatcher(), {
        clock: new MockClock(),
        logger,
      });
      stopWhenIdle(worker);
      await worker.run();
      return records;
    };
    const perMessage = [
      'info: Received message {class}',
      'info: {class} was handled successfully (acknowledging to transport).',
    ];
    for (const handles of [undefined, ['info', 'warning'] as LogLevel[]]) {
      const records = await logged(handles);
      assert.deepEqual(
        records.filter((r) => perMessage.includes(r)),
        perMessage,
        `isHandling: ${String(handles)}`,
      );
    }
    const quiet = await logged(['warning', 'error']);
    assert.deepEqual(
      quiet.filter((r) => perMessage.includes(r)),
      [],
      'no info record is even built',
    );
  });

  it('dispatches its events in order, with the failure and the receiver name', async () => {
    const events: string[] = [];
    const worker = new Worker(
      { jobs: new ArrayReceiver([new Task('a'), new Task('fail-b')]) },
      recordingBus([]),
      new EventDispatcher(),
      { clock: new MockClock() },
    );
    worker.on(WorkerStartedEvent, () => events.push('started'));
    worker.on(WorkerMessageReceivedEvent, (e) =>
      events.push(`received:${(e.envelope.message as Task).name}@${e.receiverName}`),
    );
    worker.on(WorkerMessageHandledEvent, (e) => events.push(`handled:${(e.envelope.message as Task).name}`));
    worker.on(WorkerMessageFailedEvent, (e) => events.push(`failed:${(e.error as Error).message}`));
    worker.on(WorkerRunningEvent, (e) => events.push(e.isWorkerIdle ? 'idle' : 'running'));
    worker.on(WorkerStoppedEvent, () => events.push('stopped'));
    stopWhenIdle(worker);
    await worker.run();
    assert.deepEqual(events, [
      'started',
      'received:a@jobs',
      'handled:a',
      'running',
      'received:fail-b@jobs',
      'failed:fail-b failed',
      'running',
      'idle',
      'stopped',
    ]);
  });

  it('always drains the first receiver first, and goes back to it after each message of a later one', async () => {
    const high = new ArrayReceiver([new Task('high-1'), new Task('high-2')]);
    const low = new ArrayReceiver([new Task('low-1'), new Task('low-2'), new Task('low-3')]);
    const handled: string[] = [];
    const bus = new MessageBus([
      middleware(async (envelope) => {
        const name = (envelope.message as Task).name;
        handled.push(name);
        // A low-priority handler that produces urgent work: it is handled before the next low message.
        if (name === 'low-1') high.queue.push(new Task('high-3'));
        return envelope;
      }),
    ]);
    const worker = new Worker(
      new Map([
        ['high', high],
        ['low', low],
      ]),
      bus,
      new EventDispatcher(),
      { clock: new MockClock() },
    );
    stopWhenIdle(worker);
    await worker.run();
    assert.deepEqual(handled, ['high-1', 'high-2', 'low-1', 'high-3', 'low-2', 'low-3']);
  });

  it('sleeps `sleep` minus the time spent polling when idle, on the injected clock', async () => {
    const clock = new MockClock();
    const started = clock.now();
    const receiver = new ArrayReceiver();
    const worker = new Worker({ q: receiver }, recordingBus([]), new EventDispatcher(), { clock });
    stopWhenIdle(worker, 3);
    await worker.run({ sleep: 250 });
    assert.equal(receiver.gets, 3);
    assert.equal(clock.now() - started, 500, 'slept after the first two idle polls, not after the one that stopped it');
  });

  it('wakes up when stopped while sleeping (SIGTERM on an idle worker)', async () => {
    // The clock never ends a sleep by itself: only stop() can wake the worker.
    const clock = new StalledClock();
    const worker = new Worker({ q: new ArrayReceiver() }, recordingBus([]), new EventDispatcher(), { clock });
    worker.on(WorkerRunningEvent, (event) => {
      if (event.isWorkerIdle) setTimeout(() => worker.stop('signal'), 20);
    });
    await within(worker.run({ sleep: 30_000 }), 20_000, 'the sleeping worker to return after stop()');
    assert.equal(clock.sleeps, 1);
    assert.equal(worker.getStopReason(), 'signal');
  });

  it('wakes up early when a waking receiver says a message arrived', async () => {
    const receiver = new ArrayReceiver();
    let wake: (() => void) | undefined;
    const waking: WakingReceiver = Object.assign(receiver, {
      capabilities: { waking: true },
      waitForMessages: (signal: AbortSignal) =>
        new Promise<void>((resolve) => {
          wake = resolve;
          signal.addEventListener('abort', () => resolve());
        }),
    });
    const handled: string[] = [];
    // The clock never ends a sleep by itself: only the receiver's wake-up can.
    const clock = new StalledClock();
    const worker = new Worker({ q: waking }, recordingBus(handled), new EventDispatcher(), { clock });
    worker.on(WorkerRunningEvent, (event) => {
      if (event.isWorkerIdle && handled.length === 0) {
        setTimeout(() => {
          receiver.queue.push(new Task('pushed'));
          wake?.();
        }, 20);
      } else if (!event.isWorkerIdle) event.worker.stop();
    });
    await within(worker.run({ sleep: 30_000 }), 20_000, 'the worker to handle the message it was woken for');
    assert.deepEqual(handled, ['pushed']);
    assert.equal(clock.sleeps, 1, 'one sleep, ended by the receiver');
  });

  it('stops after a StopWorkerException, the message itself failing as usual', async () => {
    const receiver = new ArrayReceiver([new Task('stop'), new Task('never')]);
    const handled: string[] = [];
    const worker = new Worker(
      { q: receiver },
      recordingBus(handled, { stop: new StopWorkerException() }),
      new EventDispatcher(),
      { clock: new MockClock() },
    );
    worker.eventDispatcher.addSubscriber(new StopWorkerOnCustomStopExceptionListener());
    await worker.run();
    assert.deepEqual(handled, ['stop']);
    assert.deepEqual(receiver.rejected, ['stop']);
    assert.equal(worker.getStopReason(), 'a handler threw StopWorkerException');
  });

  it('lets a listener skip a message (shouldHandle(false)) and keeps counting it as received', async () => {
    const receiver = new ArrayReceiver([new Task('skip'), new Task('b')]);
    const handled: string[] = [];
    const worker = new Worker({ q: receiver }, recordingBus(handled), new EventDispatcher(), {
      clock: new MockClock(),
    });
    worker.on(WorkerMessageReceivedEvent, (event) => {
      if ((event.envelope.message as Task).name === 'skip') event.shouldHandle(false);
    });
    worker.eventDispatcher.addSubscriber(new StopWorkerOnMessageLimitListener(2));
    await worker.run();
    assert.deepEqual(handled, ['b']);
    assert.deepEqual(receiver.acked, ['b']);
  });

  it('goes idle instead of spinning when a receiver hands back a message a listener skipped', async () => {
    const kept = Envelope.wrap(new Task('kept'), [new TransportMessageIdStamp(7)]);
    let gets = 0;
    const receiver: Receiver = {
      get: async () => {
        gets++;
        return [kept];
      },
      ack: async () => {},
      reject: async () => {},
    };
    let received = 0;
    const worker = new Worker({ q: receiver }, recordingBus([]), new EventDispatcher(), { clock: new MockClock() });
    worker.on(WorkerMessageReceivedEvent, (event) => {
      event.shouldHandle(false);
      if (++received > 10) worker.stop('spinning');
    });
    stopWhenIdle(worker, 3);
    await worker.run();
    assert.equal(gets, 6, 'each idle loop asks again once, after the skipped message came back');
    assert.equal(received, 3, 'the message is looked at again only after the worker was idle');
  });

  it('refuses --queues on receivers that cannot consume specific queues', async () => {
    const worker = new Worker({ q: new ArrayReceiver() }, recordingBus([]), new EventDispatcher(), {
      clock: new MockClock(),
    });
    await assert.rejects(
      worker.run({ queues: ['fast'] }),
      (e: Error) =>
        e instanceof RuntimeException && /Receiver for "q" does not implement QueueReceiver/.test(e.message),
    );
  });

  it('runs application listeners (parent dispatcher) and its own, by priority', async () => {
    const app = new EventDispatcher();
    const order: string[] = [];
    app.addListener(WorkerStartedEvent, () => order.push('app'), 0);
    const events = new EventDispatcher(app);
    events.addListener(WorkerStartedEvent, () => order.push('worker-high'), 10);
    events.addListener(
      WorkerStartedEvent,
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push('worker-async');
      },
      0,
    );
    const worker = new Worker({ q: new ArrayReceiver() }, recordingBus([]), events, { clock: new MockClock() });
    stopWhenIdle(worker);
    await worker.run();
    assert.deepEqual(order, ['worker-high', 'app', 'worker-async']);
  });
});
