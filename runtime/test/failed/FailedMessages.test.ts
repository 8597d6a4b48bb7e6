import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  type DoctrineTransport,
  FailedMessages,
  InvalidArgumentException,
  type Messenger,
  type RetryResult,
  TransportMessageIdStamp,
  WorkerMessageFailedEvent,
} from '../../src/index.js';
import { DATABASES, type TestDatabase } from '../support/databases.js';
import { consumeUntil, MemoryLogger, messengerOn } from '../support/workerApp.js';
import { billingHandlers, Invoice, Refund } from '../support/billing.js';

const YAML = `
failure_transport: failed
transports:
  async: { dsn: %dsn(async)%, retry_strategy: { max_retries: 0 } }
  failed: { dsn: %dsn(failed)%, retry_strategy: { max_retries: 1, delay: 0, jitter: 0 } }
  priority: { dsn: %dsn(priority)%, failure_transport: other_failed }
  other_failed: %dsn(other_failed)%
routing:
  Invoice: async
  Refund: async`;

for (const { platform, create } of DATABASES) {
  describe(`FailedMessages, the failure transport from code, on ${platform}`, () => {
    const databases: TestDatabase[] = [];
    after(async () => {
      for (const d of databases) await d.cleanup();
    });

    /** An open app whose billing API is down: every message dispatched lands in the failure transport. */
    const failingApp = async (invoices: readonly string[], refunds: readonly string[] = []) => {
      const db = create();
      databases.push(db);
      const api = { up: false };
      const handled: string[] = [];
      const handle = (ref: string): void => {
        if (!api.up) throw new Error(`billing API down (${ref})`);
        handled.push(ref);
      };
      const [InvoiceHandler, RefundHandler] = billingHandlers(handle);
      const messenger: Messenger = await messengerOn(db, YAML, { handlers: [InvoiceHandler, RefundHandler] });
      for (const ref of invoices) await messenger.dispatch(new Invoice(ref));
      for (const ref of refunds) await messenger.dispatch(new Refund(ref));
      const total = invoices.length + refunds.length;
      let failures = 0;
      await consumeUntil(
        messenger,
        { receivers: ['async'] },
        () => failures === total,
        (worker) => worker.on(WorkerMessageFailedEvent, () => void failures++),
      );
      const failed = new FailedMessages(messenger);
      const idOf = async (ref: string): Promise<string> => {
        for await (const envelope of failed.all())
          if ((envelope.message as Invoice).ref === ref) return String(envelope.last(TransportMessageIdStamp)!.id);
        throw new Error(`${ref} is not in the failure transport`);
      };
      after(() => messenger.close());
      return { messenger, failed, api, handled, idOf };
    };

    it('counts, lists, filters, groups by class and shows what the failed:show command shows', async () => {
      const { failed, idOf } = await failingApp(['i-1', 'i-2', 'i-3'], ['r-1']);
      assert.equal(failed.transportName, 'failed');
      assert.equal(await failed.count(), 4);
      const list = await failed.list();
      assert.deepEqual(
        list.map((m) => [m.class, m.error, m.originalTransport, m.retryCount, m.decodable]),
        [
          ['Invoice', 'billing API down (i-1)', 'async', 0, true],
          ['Invoice', 'billing API down (i-2)', 'async', 0, true],
          ['Invoice', 'billing API down (i-3)', 'async', 0, true],
          ['Refund', 'billing API down (r-1)', 'async', 0, true],
        ],
      );
      assert.deepEqual(
        (await failed.list({ max: 1, classFilter: 'Refund' })).map((m) => m.error),
        ['billing API down (r-1)'],
      );
      assert.equal((await failed.list({ max: 2 })).length, 2);
      assert.deepEqual(await failed.stats(), [
        { class: 'Invoice', count: 3 },
        { class: 'Refund', count: 1 },
      ]);
      const id = await idOf('i-2');
      const details = await failed.show(id);
      assert.equal(String(details?.id), id);
      assert.deepEqual(details?.body, { ref: 'i-2' });
      assert.match(details?.trace ?? '', /billing API down \(i-2\)/);
      assert.equal(await failed.show('999999'), undefined);
      assert.equal(await failed.find(id, { classFilter: 'Refund' }), undefined, 'not of that class');
      assert.ok((await failed.find(id, { classFilter: 'Invoice' })) !== undefined);
    });

    it('retry handles a message again: handled, it leaves; failing again, the failure transport’s retry rules apply', async () => {
      const { failed, api, handled, idOf } = await failingApp(['i-1', 'i-2']);
      const logger = new MemoryLogger();
      const again = await failed.retry(await idOf('i-1'), { logger });
      assert.deepEqual(
        [again.result, again.willRetry, again.error?.message],
        ['failed', true, 'billing API down (i-1)'],
      );
      assert.ok(
        logger.records.some((r) => r.level === 'warning'),
        'the worker logs to the logger given',
      );
      api.up = true;
      const ok = await failed.retry(await idOf('i-2'));
      assert.deepEqual([ok.class, ok.result, ok.error], ['Invoice', 'handled', null]);
      assert.deepEqual(handled, ['i-2']);
      assert.deepEqual(
        (await failed.list()).map((m) => [m.error, m.retryCount]),
        [['billing API down (i-1)', 1]],
        'i-1 came back for a later retry, counted',
      );
      const missing = await failed.retry('999999');
      assert.deepEqual([missing.id, missing.result], ['999999', 'not-found']);
    });

    it('retryAll and removeAll act on what was there when they started, reporting each result as it is done', async () => {
      const { failed, api, handled } = await failingApp(['i-1', 'i-2'], ['r-1', 'r-2']);
      api.up = true;
      const progress: Array<[RetryResult['result'], number, number]> = [];
      const results = await failed.retryAll({
        classFilter: 'Invoice',
        onResult: (result, done, total) => progress.push([result.result, done, total]),
      });
      assert.deepEqual(
        results.map((r) => r.result),
        ['handled', 'handled'],
      );
      assert.deepEqual(progress, [
        ['handled', 1, 2],
        ['handled', 2, 2],
      ]);
      assert.deepEqual(handled, ['i-1', 'i-2']);
      const removed = await failed.removeAll();
      assert.deepEqual(
        removed.map((r) => r.result),
        ['removed', 'removed'],
      );
      assert.equal(await failed.count(), 0);
      assert.deepEqual(await failed.remove('999999'), { id: '999999', result: 'not-found' });
    });

    it('remove deletes one message for good; a message the app cannot decode is skipped by retry, and removable', async () => {
      const { messenger, failed, idOf } = await failingApp(['i-1']);
      const db = databases.at(-1)!;
      await (messenger.getTransport('failed') as DoctrineTransport).setup();
      await db.query(
        `INSERT INTO ${db.table} (body, headers, queue_name, created_at, available_at) VALUES (?, ?, 'failed', '2020-01-01 00:00:00', '2020-01-01 00:00:00')`,
        ['{"ref":"x"}', JSON.stringify({ type: 'App\\Message\\Retired' })],
      );
      const undecodable = (await failed.list()).find((m) => !m.decodable)!;
      assert.equal(undecodable.class, 'App\\Message\\Retired');
      assert.equal((await failed.retry(undecodable.id!)).result, 'skipped');
      assert.deepEqual(await failed.remove(undecodable.id!), { id: undecodable.id, result: 'removed' });
      const id = await idOf('i-1');
      assert.equal((await failed.remove(id)).result, 'removed');
      assert.equal(await failed.count(), 0);
    });

    it('takes another failure transport by name; an unknown one is an error naming those there are', async () => {
      const { messenger } = await failingApp([]);
      assert.equal(new FailedMessages(messenger, { transport: 'other_failed' }).transportName, 'other_failed');
      assert.throws(
        () => new FailedMessages(messenger, { transport: 'async' }),
        (error: unknown) =>
          error instanceof InvalidArgumentException &&
          /The "async" failure transport was not found\. Available failure transports are: "failed", "other_failed"\./.test(
            error.message,
          ),
      );
    });
  });
}
