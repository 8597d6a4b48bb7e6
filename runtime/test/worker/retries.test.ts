import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  AsMessageHandler,
  type DoctrineTransport,
  Envelope,
  ErrorDetailsStamp,
  type Messenger,
  RecoverableMessageHandlingException,
  RedeliveryStamp,
  SentToFailureTransportStamp,
  StopWorkerException,
  UnrecoverableMessageHandlingException,
  WorkerMessageRetriedEvent,
} from '../../src/index.js';
import { DATABASES, type TestDatabase } from '../support/databases.js';
import { consumeUntil, MemoryLogger, messengerOn } from '../support/workerApp.js';

class Order {
  constructor(
    readonly id: string,
    readonly behaviour: 'ok' | 'fail' | 'unrecoverable' | 'recoverable' | 'stop' = 'ok',
  ) {}
}

/** Handles orders as their `behaviour` says; records every attempt with its time. */
function orderHandler(attempts: Array<{ id: string; at: number }>, recoverableTimes = 2) {
  const seen = new Map<string, number>();
  @AsMessageHandler(Order)
  class OrderHandler {
    __invoke(order: Order): void {
      attempts.push({ id: order.id, at: Date.now() });
      const count = (seen.get(order.id) ?? 0) + 1;
      seen.set(order.id, count);
      switch (order.behaviour) {
        case 'fail':
          throw new Error(`payment service down for ${order.id}`);
        case 'unrecoverable':
          throw new UnrecoverableMessageHandlingException(`order ${order.id} is invalid`);
        case 'recoverable':
          if (count <= recoverableTimes)
            throw new RecoverableMessageHandlingException('lock busy', { retryDelay: 150 });
          return;
        case 'stop':
          throw new StopWorkerException('deploying');
      }
    }
  }
  return new OrderHandler();
}

const rows = async (messenger: Messenger, transport: string): Promise<readonly Envelope[]> =>
  (messenger.getTransport(transport) as DoctrineTransport).all();

for (const { platform, create } of DATABASES) {
  describe(`retries and failure transports on ${platform}`, () => {
    const databases: TestDatabase[] = [];
    const messengers: Messenger[] = [];
    const app = async (
      yaml: string,
      attempts: Array<{ id: string; at: number }>,
      logger?: MemoryLogger,
      recoverableTimes?: number,
    ): Promise<Messenger> => {
      const db = create();
      databases.push(db);
      const messenger = await messengerOn(db, yaml, { handlers: [orderHandler(attempts, recoverableTimes)], logger });
      messengers.push(messenger);
      return messenger;
    };
    after(async () => {
      for (const m of messengers) await m.close();
      for (const d of databases) await d.cleanup();
    });

    it('retries after 1 s, 2 s and 4 s, then sends the message to the failure transport', async () => {
      const attempts: Array<{ id: string; at: number }> = [];
      const messenger = await app(
        `
failure_transport: failed
transports:
  async:
    dsn: %dsn(async)%
    retry_strategy: { max_retries: 3, delay: 1000, multiplier: 2, jitter: 0 }
  failed: %dsn(failed)%
routing:
  Order: async`,
        attempts,
      );
      const retried: number[] = [];
      await messenger.dispatch(new Order('o-1', 'fail'));
      await consumeUntil(
        messenger,
        { receivers: ['async'], sleep: 50 },
        () => attempts.length === 4,
        (worker) => {
          worker.on(WorkerMessageRetriedEvent, (event) =>
            retried.push(event.envelope.last(RedeliveryStamp)!.retryCount),
          );
        },
      );
      assert.deepEqual(retried, [1, 2, 3]);
      assert.equal(attempts.length, 4, 'the first try and three retries');
      const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
      [1000, 2000, 4000].forEach((delay, i) => {
        assert.ok(gaps[i]! >= delay - 5, `retry #${i + 1} waited ${gaps[i]} ms, at least ${delay} ms expected`);
        assert.ok(gaps[i]! < delay + 1500, `retry #${i + 1} waited ${gaps[i]} ms, about ${delay} ms expected`);
      });
      assert.deepEqual(await rows(messenger, 'async'), []);
      const [failed] = await rows(messenger, 'failed');
      assert.ok(failed !== undefined, 'the message is in the failure transport');
      assert.equal(failed.last(SentToFailureTransportStamp)?.originalReceiverName, 'async');
      assert.deepEqual(
        failed.all(RedeliveryStamp).map((s) => s.retryCount),
        [1, 2, 3, 0],
      );
      const errors = failed.all(ErrorDetailsStamp);
      assert.equal(errors.length, 1, 'the same error is recorded once');
      assert.equal(errors[0]!.exceptionMessage, 'payment service down for o-1');
      assert.match(errors[0]!.flattenException?.traceAsString ?? '', /OrderHandler/);
    });

    it('never retries an UnrecoverableMessageHandlingException; always retries a RecoverableMessageHandlingException, after its own delay', async () => {
      const attempts: Array<{ id: string; at: number }> = [];
      const messenger = await app(
        `
failure_transport: failed
transports:
  async:
    dsn: %dsn(async)%
    retry_strategy: { max_retries: 0 }
  failed: %dsn(failed)%
routing:
  Order: async`,
        attempts,
      );
      await messenger.dispatch(new Order('bad', 'unrecoverable'));
      await messenger.dispatch(new Order('busy', 'recoverable'));
      await consumeUntil(
        messenger,
        { receivers: ['async'] },
        () => attempts.filter((a) => a.id === 'busy').length === 3,
      );
      assert.deepEqual(attempts.filter((a) => a.id === 'bad').length, 1);
      const busy = attempts.filter((a) => a.id === 'busy');
      assert.ok(
        busy[1]!.at - busy[0]!.at >= 145 && busy[2]!.at - busy[1]!.at >= 145,
        'the retryDelay of the exception is used',
      );
      const failed = await rows(messenger, 'failed');
      assert.deepEqual(
        failed.map((e) => (e.message as Order).id),
        ['bad'],
        'max_retries: 0 does not stop a recoverable failure; the unrecoverable one is parked',
      );
      assert.equal(failed[0]!.last(ErrorDetailsStamp)?.exceptionClass, 'UnrecoverableMessageHandlingException');
      assert.deepEqual(await rows(messenger, 'async'), []);
    });

    it("sends failures to the transport's own failure_transport, else to the global one", async () => {
      const attempts: Array<{ id: string; at: number }> = [];
      const messenger = await app(
        `
failure_transport: failed_default
transports:
  async_priority_high:
    dsn: %dsn(high)%
    failure_transport: failed_high_priority
  async_priority_low: %dsn(low)%
  failed_default: %dsn(failed_default)%
  failed_high_priority: %dsn(failed_high)%
routing:
  Order: async_priority_low`,
        attempts,
      );
      await messenger.getTransport('async_priority_high').send(Envelope.wrap(new Order('vip', 'unrecoverable')));
      await messenger.dispatch(new Order('regular', 'unrecoverable'));
      await consumeUntil(
        messenger,
        { receivers: ['async_priority_high', 'async_priority_low'] },
        () => attempts.length === 2,
      );
      const high = await rows(messenger, 'failed_high_priority');
      const low = await rows(messenger, 'failed_default');
      assert.deepEqual(
        high.map((e) => (e.message as Order).id),
        ['vip'],
      );
      assert.equal(high[0]!.last(SentToFailureTransportStamp)?.originalReceiverName, 'async_priority_high');
      assert.deepEqual(
        low.map((e) => (e.message as Order).id),
        ['regular'],
      );
      assert.equal(low[0]!.last(SentToFailureTransportStamp)?.originalReceiverName, 'async_priority_low');
    });

    it('discards a message that failed for good when there is no failure transport, and says so', async () => {
      const attempts: Array<{ id: string; at: number }> = [];
      const logger = new MemoryLogger();
      const messenger = await app(
        `
transports:
  async:
    dsn: %dsn(async)%
    retry_strategy: { max_retries: 1, delay: 100 }
routing:
  Order: async`,
        attempts,
        logger,
      );
      await messenger.dispatch(new Order('lost', 'fail'));
      await consumeUntil(messenger, { receivers: ['async'] }, () => attempts.length === 2);
      assert.deepEqual(await rows(messenger, 'async'), []);
      assert.ok(
        logger.records.some(
          (r) =>
            r.level === 'warning' &&
            /Sending for retry #\{retryCount\} using \{delay\} ms delay/.test(r.message) &&
            r.context['retryCount'] === 1 &&
            typeof r.context['delay'] === 'number',
        ),
      );
      assert.ok(
        logger.records.some(
          (r) =>
            r.level === 'critical' &&
            /Removing from transport after \{retryCount\} retries/.test(r.message) &&
            r.context['retryCount'] === 1,
        ),
      );
    });

    it('records each different error, and the retry count, in the envelope', async () => {
      const attempts: Array<{ id: string; at: number }> = [];
      let n = 0;
      @AsMessageHandler(Order)
      class Flaky {
        __invoke(order: Order): void {
          attempts.push({ id: order.id, at: Date.now() });
          throw new Error(`attempt ${++n}`);
        }
      }
      const db = create();
      databases.push(db);
      const messenger = await messengerOn(
        db,
        `
failure_transport: failed
transports:
  async:
    dsn: %dsn(async)%
    retry_strategy: { max_retries: 2, delay: 100, multiplier: 1 }
  failed: %dsn(failed)%
routing:
  Order: async`,
        { handlers: [new Flaky()] },
      );
      messengers.push(messenger);
      await messenger.dispatch(new Order('x'));
      await consumeUntil(messenger, { receivers: ['async'] }, () => attempts.length === 3);
      const [failed] = await rows(messenger, 'failed');
      assert.deepEqual(
        failed!.all(ErrorDetailsStamp).map((s) => s.exceptionMessage),
        ['attempt 1', 'attempt 2', 'attempt 3'],
      );
    });

    it('stops the worker on StopWorkerException, after failing that message as usual', async () => {
      const attempts: Array<{ id: string; at: number }> = [];
      const messenger = await app(
        `
transports:
  async:
    dsn: %dsn(async)%
    retry_strategy: { max_retries: 1, delay: 60000 }
routing:
  Order: async`,
        attempts,
      );
      await messenger.dispatch(new Order('deploy', 'stop'));
      await messenger.dispatch(new Order('next'));
      const worker = messenger.createWorker({ receivers: ['async'], stopOnRestartSignal: false });
      await worker.run({ sleep: 50 });
      assert.deepEqual(
        attempts.map((a) => a.id),
        ['deploy'],
      );
      assert.equal(worker.getStopReason(), 'a handler threw StopWorkerException');
      assert.equal(
        (await rows(messenger, 'async')).length,
        1,
        'the next message waits; the failed one is delayed for its retry',
      );
    });
  });
}

describe('a custom retry strategy (retry_strategy.service)', () => {
  const db = DATABASES[0].create();
  after(() => db.cleanup());

  it('is the object named in createMessenger({ services }), and a missing one is a config error', async () => {
    const attempts: Array<{ id: string; at: number }> = [];
    const asked: number[] = [];
    const strategy = {
      isRetryable: (envelope: Envelope) => RedeliveryStamp.getRetryCountFromEnvelope(envelope) < 2,
      getWaitingTime: (envelope: Envelope) => {
        asked.push(RedeliveryStamp.getRetryCountFromEnvelope(envelope));
        return 50;
      },
    };
    const yaml = `
transports:
  async:
    dsn: %dsn(async)%
    retry_strategy: { service: 'App\\Retry\\TwiceQuickly' }
routing:
  Order: async`;
    const messenger = await messengerOn(db, yaml, {
      handlers: [orderHandler(attempts)],
      services: { 'App\\Retry\\TwiceQuickly': strategy },
    });
    await messenger.dispatch(new Order('c-1', 'fail'));
    await consumeUntil(messenger, { receivers: ['async'] }, () => attempts.length === 3 && asked.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(asked, [0, 1]);
    assert.equal(attempts.length, 3, 'the first try and the two retries the strategy allowed');
    await messenger.close();
    await assert.rejects(
      messengerOn(db, yaml, { handlers: [orderHandler(attempts)] }),
      /Retry strategy "App\\Retry\\TwiceQuickly" of transport "async" is not available: pass an object with isRetryable\(\) and getWaitingTime\(\)/,
    );
  });
});
