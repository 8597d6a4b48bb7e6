/**
 * The worker with `fetchSize` and `concurrency` above 1, on the in-memory transport (which
 * takes batches and releases): order, overlap, batched acknowledgements, stopping (started
 * messages finish, the rest is released), limits and resets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Envelope,
  EventDispatcher,
  InMemoryTransport,
  MessageBus,
  middleware,
  type Receiver,
  ResetServicesListener,
  StopWorkerOnMessageLimitListener,
  Worker,
  WorkerMessageFailedEvent,
  WorkerRunningEvent,
} from '../../src/index.js';
import { within } from '../support/deadline.js';

class Task {
  constructor(
    readonly name: string,
    /** Milliseconds the handler waits (asynchronously). */
    readonly ms = 0,
  ) {}
}

const names = (envelopes: readonly Envelope[]): string[] => envelopes.map((e) => (e.message as Task).name);

/** Records starts and ends; a task waits its `ms`, or until `gate` opens when it is named `gated*`. */
function recordingBus(
  log: string[],
  options: { gate?: Promise<void>; inFlight?: { now: number; max: number } } = {},
): MessageBus {
  return new MessageBus([
    middleware(async (envelope) => {
      const task = envelope.message as Task;
      const inFlight = options.inFlight;
      if (inFlight !== undefined) inFlight.max = Math.max(inFlight.max, ++inFlight.now);
      log.push(`start ${task.name}`);
      if (task.name.startsWith('gated')) await options.gate;
      else if (task.ms > 0) await new Promise((resolve) => setTimeout(resolve, task.ms));
      if (inFlight !== undefined) inFlight.now--;
      log.push(`end ${task.name}`);
      if (task.name.startsWith('fail')) throw new Error(`${task.name} failed`);
      return envelope;
    }),
  ]);
}

async function filled(...tasks: Task[]): Promise<InMemoryTransport> {
  const transport = new InMemoryTransport();
  for (const task of tasks) await transport.send(Envelope.wrap(task));
  return transport;
}

/** Counts what reaches the transport, to tell one batched call from many single ones. */
function counting(transport: InMemoryTransport): { receiver: Receiver; calls: string[] } {
  const calls: string[] = [];
  const record = <A extends unknown[], R>(label: (...args: A) => string, call: (...args: A) => R) => {
    return (...args: A): R => {
      calls.push(label(...args));
      return call(...args);
    };
  };
  const receiver = Object.assign(Object.create(transport) as InMemoryTransport, {
    ack: record(
      (_e: Envelope) => 'ack',
      (e: Envelope) => transport.ack(e),
    ),
    ackMany: record(
      (es: readonly Envelope[]) => `ackMany ${es.length}`,
      (es: readonly Envelope[]) => transport.ackMany(es),
    ),
    rejectMany: record(
      (es: readonly Envelope[]) => `rejectMany ${es.length}`,
      (es: readonly Envelope[]) => transport.rejectMany(es),
    ),
    get: record(
      (o?: { maxMessages?: number }) => `get ${o?.maxMessages ?? 1}`,
      (o?: { maxMessages?: number }) => transport.get(o),
    ),
  });
  return { receiver, calls };
}

function stopWhenIdle(worker: Worker): void {
  worker.on(WorkerRunningEvent, (event) => {
    if (event.isWorkerIdle) event.worker.stop('idle');
  });
}

describe('Worker: fetch size and concurrency', () => {
  it('with concurrency 1, a fetched batch is handled in the order of the queue, one at a time', async () => {
    const tasks = Array.from({ length: 12 }, (_, i) => new Task(`t${i}`, i % 3));
    const transport = await filled(...tasks);
    const log: string[] = [];
    const worker = new Worker({ async: transport }, recordingBus(log));
    stopWhenIdle(worker);
    await within(worker.run({ sleep: 0, fetchSize: 5 }), 10_000, 'the worker to drain the queue');
    assert.deepEqual(
      log,
      tasks.flatMap((t) => [`start ${t.name}`, `end ${t.name}`]),
    );
    assert.deepEqual(names(transport.getAcknowledged()), names(tasks.map((t) => Envelope.wrap(t))));
  });

  it('with concurrency 3, three async handlers overlap, never more; each batch is acknowledged in one call', async () => {
    const transport = await filled(...Array.from({ length: 9 }, (_, i) => new Task(`t${i}`, 20)));
    const { receiver, calls } = counting(transport);
    const inFlight = { now: 0, max: 0 };
    const worker = new Worker({ async: receiver }, recordingBus([], { inFlight }));
    stopWhenIdle(worker);
    await within(worker.run({ sleep: 0, fetchSize: 6, concurrency: 3 }), 10_000, 'the worker to drain the queue');
    assert.equal(inFlight.max, 3);
    assert.equal(transport.getAcknowledged().length, 9);
    assert.deepEqual(calls, ['get 6', 'ackMany 6', 'get 6', 'ackMany 3', 'get 6']);
  });

  it('takes at least `concurrency` messages per get()', async () => {
    const transport = await filled(new Task('a'), new Task('b'));
    const { receiver, calls } = counting(transport);
    const worker = new Worker({ async: receiver }, recordingBus([]));
    stopWhenIdle(worker);
    await within(worker.run({ sleep: 0, concurrency: 4 }), 10_000, 'the worker to drain the queue');
    assert.deepEqual(calls, ['get 4', 'ackMany 2', 'get 4']);
  });

  it('stop(): the messages started finish and are acknowledged; the rest of the batch is released at once', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const transport = await filled(
      new Task('gated-1'),
      new Task('gated-2'),
      new Task('waiting-1'),
      new Task('waiting-2'),
      new Task('waiting-3'),
    );
    const log: string[] = [];
    const worker = new Worker({ async: transport }, recordingBus(log, { gate }));
    const running = worker.run({ sleep: 0, fetchSize: 5, concurrency: 2 });
    await within(
      (async () => {
        while (log.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      })(),
      10_000,
      'both gated tasks to start',
    );
    worker.stop('test');
    open();
    await within(running, 10_000, 'the worker to stop');
    assert.deepEqual(log.sort(), ['end gated-1', 'end gated-2', 'start gated-1', 'start gated-2']);
    assert.deepEqual(names(transport.getAcknowledged()), ['gated-1', 'gated-2']);
    assert.deepEqual(names(await transport.all()), ['waiting-1', 'waiting-2', 'waiting-3'], 'released, in order');
  });

  it('keepalive() reports the message being handled and the rest of its batch, taken and not started', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const transport = await filled(new Task('gated-1'), new Task('waiting-1'), new Task('waiting-2'));
    const kept: string[] = [];
    const receiver = Object.assign(Object.create(transport) as InMemoryTransport, {
      capabilities: { ...transport.capabilities, keepalive: true },
      keepalive: async (envelope: Envelope) => void kept.push((envelope.message as Task).name),
    });
    const log: string[] = [];
    const worker = new Worker({ async: receiver }, recordingBus(log, { gate }));
    stopWhenIdle(worker);
    const running = worker.run({ sleep: 0, fetchSize: 3 });
    await within(
      (async () => {
        while (log.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
      })(),
      10_000,
      'the gated task to start',
    );
    await worker.keepalive();
    assert.deepEqual(kept.sort(), ['gated-1', 'waiting-1', 'waiting-2']);
    open();
    await within(running, 10_000, 'the worker to drain the queue');
    assert.deepEqual(names(transport.getAcknowledged()), ['gated-1', 'waiting-1', 'waiting-2']);
  });

  it('a failed message goes through the failure listeners at once and is rejected with its batch', async () => {
    const transport = await filled(new Task('ok-1'), new Task('fail-2'), new Task('ok-3'));
    const { receiver, calls } = counting(transport);
    const failed: string[] = [];
    const worker = new Worker({ async: receiver }, recordingBus([]));
    worker.on(WorkerMessageFailedEvent, (event) => void failed.push((event.envelope.message as Task).name));
    stopWhenIdle(worker);
    await within(worker.run({ sleep: 0, fetchSize: 3, concurrency: 3 }), 10_000, 'the worker to drain the queue');
    assert.deepEqual(failed, ['fail-2']);
    assert.deepEqual(names(transport.getRejected()), ['fail-2']);
    assert.deepEqual(names(transport.getAcknowledged()).sort(), ['ok-1', 'ok-3']);
    assert.deepEqual(calls, ['get 3', 'rejectMany 1', 'ackMany 2', 'get 3']);
  });

  it('--limit counts handled messages; those in flight finish, the rest of the batch is released', async () => {
    const transport = await filled(...Array.from({ length: 10 }, (_, i) => new Task(`t${i}`, 5)));
    const events = new EventDispatcher();
    events.addSubscriber(new StopWorkerOnMessageLimitListener(3));
    const worker = new Worker({ async: transport }, recordingBus([]), events);
    await within(worker.run({ sleep: 0, fetchSize: 10, concurrency: 2 }), 10_000, 'the worker to stop at its limit');
    const handled = transport.getAcknowledged().length;
    assert.ok(handled >= 3 && handled <= 4, `3 handled, plus at most the one in flight: ${handled}`);
    assert.equal((await transport.all()).length, 10 - handled, 'the others are waiting again');
  });

  it('services are reset only when no message is in flight', async () => {
    const transport = await filled(...Array.from({ length: 6 }, (_, i) => new Task(`t${i}`, 10 + (i % 2) * 10)));
    const inFlight = { now: 0, max: 0 };
    const resets: number[] = [];
    const events = new EventDispatcher();
    events.addSubscriber(new ResetServicesListener([{ reset: () => void resets.push(inFlight.now) }]));
    const worker = new Worker({ async: transport }, recordingBus([], { inFlight }), events);
    stopWhenIdle(worker);
    await within(worker.run({ sleep: 0, fetchSize: 6, concurrency: 3 }), 10_000, 'the worker to drain the queue');
    assert.ok(resets.length >= 2, `reset after the batch and when stopping: ${resets.length}`);
    assert.ok(
      resets.every((n) => n === 0),
      `never while a message was handled: ${resets.join(', ')}`,
    );
  });

  it('refuses a fetch size or concurrency that is not a whole number above 0', async () => {
    const worker = new Worker({ async: new InMemoryTransport() }, recordingBus([]));
    await assert.rejects(worker.run({ concurrency: 0 }), /"concurrency" must be a whole number greater than zero/);
  });
});
