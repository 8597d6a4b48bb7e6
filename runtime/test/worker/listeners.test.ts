import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  Envelope,
  MockClock,
  MultiplierRetryStrategy,
  parseMemoryLimit,
  RedeliveryStamp,
  requestWorkerRestart,
  ResetServicesListener,
  StopWorkerOnFailureLimitListener,
  StopWorkerOnMemoryLimitListener,
  StopWorkerOnMessageLimitListener,
  StopWorkerOnRestartSignalListener,
  StopWorkerOnTimeLimitListener,
  WorkerMessageFailedEvent,
  WorkerRunningEvent,
  WorkerStartedEvent,
  WorkerStoppedEvent,
  type EventSubscriber,
  type WorkerInterface,
} from '../../src/index.js';
import { tempProject } from '../support/tempProject.js';

class FakeWorker implements WorkerInterface {
  stopped: string | undefined;
  stop(reason = 'stopped'): void {
    this.stopped ??= reason;
  }
  getMetadata() {
    return { transportNames: ['q'], queueNames: undefined };
  }
}

/** Sends an event to the listener of a subscriber that handles its class. */
function send(subscriber: EventSubscriber, event: object): void {
  for (const s of subscriber.getSubscribedEvents()) if (event instanceof s.event) s.listener(event);
}

const running = (worker: WorkerInterface, idle = false): WorkerRunningEvent => new WorkerRunningEvent(worker, idle);

describe('worker stop listeners', () => {
  it('--limit: stops once that many messages were received (idle loops do not count)', () => {
    const worker = new FakeWorker();
    const listener = new StopWorkerOnMessageLimitListener(2);
    send(listener, running(worker));
    send(listener, running(worker, true));
    assert.equal(worker.stopped, undefined);
    send(listener, running(worker));
    assert.equal(worker.stopped, 'processed 2 messages');
    assert.throws(
      () => new StopWorkerOnMessageLimitListener(0),
      /Message limit must be a whole number greater than zero/,
    );
  });

  it('--failure-limit: stops after that many failed messages', () => {
    const worker = new FakeWorker();
    const listener = new StopWorkerOnFailureLimitListener(2);
    const failed = new WorkerMessageFailedEvent(Envelope.wrap({}), 'q', new Error('x'));
    send(listener, failed);
    send(listener, running(worker));
    assert.equal(worker.stopped, undefined);
    send(listener, failed);
    send(listener, running(worker, true));
    assert.equal(worker.stopped, undefined, 'checked after a message, not while idle');
    send(listener, running(worker));
    assert.equal(worker.stopped, 'reached 2 failed messages');
  });

  it('--time-limit: stops once the time is up, measured on the clock', () => {
    const clock = new MockClock();
    const worker = new FakeWorker();
    const listener = new StopWorkerOnTimeLimitListener(10, undefined, clock);
    send(listener, new WorkerStartedEvent(worker));
    clock.advance(9_999);
    send(listener, running(worker, true));
    assert.equal(worker.stopped, undefined);
    clock.advance(1);
    send(listener, running(worker));
    assert.equal(worker.stopped, 'been running for 10s');
  });

  it('--memory-limit: stops once the process uses more than the limit', () => {
    let used = 100 * 2 ** 20;
    const worker = new FakeWorker();
    const listener = new StopWorkerOnMemoryLimitListener(parseMemoryLimit('128M'), undefined, () => used);
    send(listener, running(worker));
    assert.equal(worker.stopped, undefined);
    used = 129 * 2 ** 20;
    send(listener, running(worker));
    assert.equal(worker.stopped, 'exceeded 128M of memory');
    assert.equal(parseMemoryLimit('1g'), 2 ** 30);
    assert.equal(parseMemoryLimit('512K'), 512 * 1024);
    assert.equal(parseMemoryLimit('1048576'), 1048576);
    assert.throws(() => parseMemoryLimit('lots'), /Invalid memory limit "lots"/);
  });

  it('stop-workers: stops workers started before the request, checking the file at most once a second while busy', () => {
    const file = join(tempProject(), 'var', 'messenger', 'restart_requested_timestamp');
    const clock = new MockClock();
    const worker = new FakeWorker();
    const listener = new StopWorkerOnRestartSignalListener(file, undefined, clock);
    send(listener, new WorkerStartedEvent(worker));
    send(listener, running(worker));
    requestWorkerRestart(file, clock.now() + 1);
    clock.advance(500);
    send(listener, running(worker));
    assert.equal(worker.stopped, undefined, 'busy: not checked again within a second');
    send(listener, running(worker, true));
    assert.equal(worker.stopped, 'received a stop signal via the messenger stop-workers command');
    const later = new FakeWorker();
    const laterListener = new StopWorkerOnRestartSignalListener(file, undefined, clock);
    clock.advance(10);
    send(laterListener, new WorkerStartedEvent(later));
    send(laterListener, running(later, true));
    assert.equal(later.stopped, undefined, 'a worker started after the request keeps running');
  });

  it('resets services after each message and when the worker stops, not while idle', async () => {
    const resets: string[] = [];
    const listener = new ResetServicesListener([
      { reset: () => resets.push('a') },
      {
        reset: async () => {
          resets.push('b');
        },
      },
    ]);
    const worker = new FakeWorker();
    for (const s of listener.getSubscribedEvents()) assert.equal(s.priority, -1024);
    const run = async (event: object): Promise<void> => {
      for (const s of listener.getSubscribedEvents()) if (event instanceof s.event) await s.listener(event);
    };
    await run(running(worker, true));
    assert.deepEqual(resets, []);
    await run(running(worker));
    await run(new WorkerStoppedEvent(worker));
    assert.deepEqual(resets, ['a', 'b', 'a', 'b']);
  });
});

describe('MultiplierRetryStrategy', () => {
  const withRetries = (count: number): Envelope =>
    count === 0 ? Envelope.wrap({}) : Envelope.wrap({}, [new RedeliveryStamp(count)]);

  it('waits delay × multiplier^retries, capped by max_delay, and retries up to max_retries', () => {
    const strategy = new MultiplierRetryStrategy({
      maxRetries: 3,
      delay: 1000,
      multiplier: 2,
      maxDelay: 3000,
      jitter: 0,
    });
    assert.deepEqual(
      [0, 1, 2, 3].map((n) => strategy.getWaitingTime(withRetries(n))),
      [1000, 2000, 3000, 3000],
    );
    assert.deepEqual(
      [0, 2, 3].map((n) => strategy.isRetryable(withRetries(n))),
      [true, true, false],
    );
  });

  it('adds up to ±jitter of randomness (0.1 by default)', () => {
    const low = new MultiplierRetryStrategy({ delay: 1000, random: () => 0 });
    const high = new MultiplierRetryStrategy({ delay: 1000, random: () => 0.999999 });
    assert.equal(low.getWaitingTime(withRetries(0)), 900);
    assert.equal(high.getWaitingTime(withRetries(0)), 1100);
    const real = new MultiplierRetryStrategy({ delay: 1000, multiplier: 2 });
    for (let i = 0; i < 50; i++) {
      const wait = real.getWaitingTime(withRetries(1));
      assert.ok(wait >= 1800 && wait <= 2200, String(wait));
    }
  });

  it('refuses values Symfony refuses', () => {
    assert.throws(
      () => new MultiplierRetryStrategy({ multiplier: 0.5 }),
      /Multiplier must be greater than or equal to one/,
    );
    assert.throws(() => new MultiplierRetryStrategy({ jitter: 2 }), /Jitter must be between 0 and 1/);
    assert.throws(() => new MultiplierRetryStrategy({ delay: -1 }), /Delay must be greater than or equal to zero/);
  });
});
