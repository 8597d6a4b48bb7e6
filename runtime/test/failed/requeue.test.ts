import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  type DoctrineTransport,
  ErrorDetailsStamp,
  Envelope,
  SentToFailureTransportStamp,
  type Stamp,
  TransportMessageIdStamp,
} from '../../src/index.js';
import { DATABASES, type TestDatabase } from '../support/databases.js';
import { countBulkSends, Invoice, refsIn, requeueApp } from '../support/requeueApp.js';

for (const { platform, create } of DATABASES) {
  describe(`FailedMessages.requeue(): failed messages sent back to their transports in bulk, on ${platform}`, () => {
    const databases: TestDatabase[] = [];
    after(async () => {
      for (const d of databases) await d.cleanup();
    });
    const app = async (invoices: readonly string[], refunds: readonly string[] = []) => {
      const db = create();
      databases.push(db);
      const result = await requeueApp(db, invoices, refunds);
      after(() => result.messenger.close());
      return result;
    };

    it('sends each message back to the transport it failed on, in one bulk send per transport, then empties the failure transport', async () => {
      const { messenger, failed, api, handled, consume } = await app(['i-1', 'i-2', 'i-3'], ['r-1', 'r-2']);
      const sends = {
        async: countBulkSends(messenger.getTransport('async')),
        priority: countBulkSends(messenger.getTransport('priority')),
      };
      const progress: number[] = [];
      const results = await failed.requeueAll({ onResult: (_r, done) => progress.push(done) });
      assert.deepEqual(
        results.map((r) => [r.class, r.result, r.requeuedTo]),
        [
          ['Invoice', 'requeued', 'async'],
          ['Invoice', 'requeued', 'async'],
          ['Invoice', 'requeued', 'async'],
          ['Refund', 'requeued', 'priority'],
          ['Refund', 'requeued', 'priority'],
        ],
      );
      assert.deepEqual(sends, { async: [3], priority: [2] }, 'one bulk send per transport');
      assert.deepEqual(progress, [1, 2, 3, 4, 5]);
      assert.equal(await failed.count(), 0, 'the failure transport is empty');
      assert.deepEqual(await refsIn(messenger, 'async'), ['i-1', 'i-2', 'i-3']);
      assert.deepEqual(await refsIn(messenger, 'priority'), ['r-1', 'r-2']);
      const newIds = results.map((r) => r.newId);
      assert.ok(
        newIds.every((id) => id !== null && id !== undefined),
        `each has its id in its new transport: ${newIds.join(', ')}`,
      );
      api.up = true;
      await consume(5);
      assert.deepEqual([...handled].sort(), ['i-1', 'i-2', 'i-3', 'r-1', 'r-2'], 'each handled once, by the workers');
    });

    it('a requeued message gets its transport’s retries afresh and, failing for good again, comes back with its whole story', async () => {
      const { failed, api, consume } = await app(['i-1']);
      const [requeued] = await failed.requeueAll();
      assert.equal(requeued?.result, 'requeued');
      api.outage = 'timing out';
      await consume(1);
      const [back] = await failed.list();
      assert.equal(back?.originalTransport, 'async', 'it is in the failure transport again');
      const details = await failed.show(back!.id!);
      assert.deepEqual(
        details?.errors.map((e) => e.message),
        ['billing API down (i-1)', 'billing API timing out (i-1)'],
        'both failures are told',
      );
    });

    it('sends in batches: one bulk send per transport for each batch', async () => {
      const { messenger, failed } = await app(['i-1', 'i-2', 'i-3', 'i-4', 'i-5']);
      const sizes = countBulkSends(messenger.getTransport('async'));
      const results = await failed.requeue(await failed.targets(), { batchSize: 2 });
      assert.deepEqual(sizes, [2, 2, 1]);
      assert.equal(results.filter((r) => r.result === 'requeued').length, 5);
      assert.deepEqual(await refsIn(messenger, 'async'), ['i-1', 'i-2', 'i-3', 'i-4', 'i-5']);
    });

    it('a message that cannot go back is skipped with the reason and stays; ids not there are not found', async () => {
      const { messenger, failed } = await app(['i-1']);
      const failure = messenger.getTransport('failed');
      const stranded = async (ref: string, origin?: string): Promise<string> => {
        const stamps: Stamp[] = [ErrorDetailsStamp.create(new Error(`${ref} failed`))];
        if (origin !== undefined) stamps.push(new SentToFailureTransportStamp(origin));
        const sent = await failure.send(Envelope.wrap(new Invoice(ref), stamps));
        return String(sent.last(TransportMessageIdStamp)!.id);
      };
      const sync = await stranded('on-sync', 'now');
      const gone = await stranded('on-gone', 'retired_queue');
      const unknown = await stranded('no-origin');
      const itself = await stranded('on-failed', 'failed');
      const [ok] = await failed.targets({ classFilter: 'Invoice' });
      const results = await failed.requeue([sync, ok!, gone, unknown, itself, '999999']);
      assert.deepEqual(
        results.map((r) => [r.result, r.requeuedTo ?? null]),
        [
          ['skipped', null],
          ['requeued', 'async'],
          ['skipped', null],
          ['skipped', null],
          ['skipped', null],
          ['not-found', null],
        ],
      );
      assert.match(results[0]!.reason!, /cannot go back to "now".*sync:\/\//);
      assert.match(results[2]!.reason!, /cannot go back to "retired_queue".*does not exist/);
      assert.match(results[3]!.reason!, /unknown/);
      assert.match(results[4]!.reason!, /failed on "failed" itself/);
      assert.equal(await failed.count(), 4, 'the skipped ones stay');
      assert.deepEqual(await refsIn(messenger, 'async'), ['i-1']);
    });

    it('a send that fails leaves its messages in the failure transport: nothing is removed before it is stored elsewhere', async () => {
      const { messenger, failed } = await app(['i-1', 'i-2'], ['r-1']);
      // The real priority transport, its bulk send failing as a full disk would make it.
      Object.assign(messenger.getTransport('priority'), {
        sendMany: () => Promise.reject(new Error('disk full')),
      });
      await assert.rejects(failed.requeueAll(), /disk full/);
      const left = await failed.list();
      assert.deepEqual(
        left.map((m) => m.originalTransport),
        ['priority'],
        'the refund stays; the invoices, sent before, left',
      );
      assert.deepEqual(await refsIn(messenger, 'async'), ['i-1', 'i-2']);
      assert.deepEqual(await refsIn(messenger, 'priority'), []);
    });

    it('a message the application cannot decode is skipped, and stays to be shown or removed', async () => {
      const { messenger, failed } = await app([]);
      const db = databases.at(-1)!;
      await (messenger.getTransport('failed') as DoctrineTransport).setup();
      await db.query(
        `INSERT INTO ${db.table} (body, headers, queue_name, created_at, available_at) VALUES (?, ?, 'failed', '2020-01-01 00:00:00', '2020-01-01 00:00:00')`,
        ['{"ref":"x"}', JSON.stringify({ type: 'App\\Message\\Retired' })],
      );
      const results = await failed.requeueAll();
      assert.deepEqual(
        results.map((r) => [r.class, r.result]),
        [['App\\Message\\Retired', 'skipped']],
      );
      assert.match(results[0]!.reason!, /could not be decoded/);
      assert.equal(await failed.count(), 1);
    });
  });
}
