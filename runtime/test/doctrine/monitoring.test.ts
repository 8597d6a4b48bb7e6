// The monitoring capability on the database transports, beyond the contract: a change made by
// another connection ends waitForChange() (SQLite's data_version, PostgreSQL's NOTIFY, the queue's revision on MySQL), a
// received message says when it became available, and PostgreSQL counts its live consumers.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  AvailableAtStamp,
  DelayStamp,
  Dsn,
  DoctrineTransportFactory,
  Envelope,
  type MonitorableTransport,
  type Transport,
} from '../../src/index.js';
import { contractSerializer, ContractNote } from '../../src/testing/contract/messages.js';
import { DATABASES, type TestDatabase } from '../support/databases.js';
import { within } from '../support/deadline.js';

type Monitored = Transport & MonitorableTransport;

for (const { platform, create } of DATABASES) {
  describe(`monitoring the Doctrine transport on ${platform}`, () => {
    const db: TestDatabase = create();
    const opened: Transport[] = [];
    // Each test has a queue of its own in the shared table.
    const open = async (queue = 'default'): Promise<Monitored> => {
      const factory = platform === 'sqlite' ? DoctrineTransportFactory.sqlite() : DoctrineTransportFactory.postgresql();
      const transport = await factory.createTransport(
        Dsn.parse(db.dsn()),
        // The messenger merges the DSN's query into the options; a factory called directly is given them.
        { redeliver_timeout: 60, queue_name: queue, ...(platform === 'postgresql' ? { table_name: db.table } : {}) },
        {
          name: 'async',
          serializer: contractSerializer(),
          projectDir: db.projectDir,
          bus: { dispatch: () => Promise.reject(new Error('no bus')) },
        },
      );
      opened.push(transport);
      return transport as Monitored;
    };
    after(async () => {
      for (const transport of opened) await transport.close?.();
      await db.cleanup();
    });

    it('a message sent by another connection ends waitForChange() before its timeout', async () => {
      const watcher = await open();
      const sender = await open();
      await watcher.getQueueSnapshot(); // the table exists, and PostgreSQL's LISTEN can start
      const stop = new AbortController();
      let ended = false;
      const waiting = watcher.waitForChange(stop.signal, 600_000).then(() => {
        ended = true;
      });
      // PostgreSQL listens once the wait has begun: send until the wait ends (or the deadline).
      const deadline = Date.now() + 20_000;
      while (!ended && Date.now() < deadline) {
        await sender.send(Envelope.wrap(new ContractNote('wake')));
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      stop.abort();
      await waiting;
      assert.ok(ended, 'waitForChange() did not end when another connection sent a message');
      assert.ok((await watcher.getQueueSnapshot()).count >= 1);
    });

    it('a received message carries when it became available: its delay counts', async () => {
      const transport = await open('delayed');
      const before = Date.now();
      await transport.send(Envelope.wrap(new ContractNote('soon'), [new DelayStamp(200)]));
      await new Promise((resolve) => setTimeout(resolve, 400));
      const envelopes = await within(
        (async () => {
          for (;;) {
            const taken = await transport.get();
            if (taken.some((e) => (e.message as ContractNote).text === 'soon')) return taken;
            for (const e of taken) await transport.ack(e);
          }
        })(),
        20_000,
        'the delayed message',
      );
      const stamp = envelopes[0]!.last(AvailableAtStamp);
      assert.ok(stamp !== undefined);
      assert.ok(stamp.at >= before + 200, `available at ${stamp.at}, sent at ${before} with a 200 ms delay`);
      for (const e of envelopes) await transport.ack(e);
    });

    if (platform === 'postgresql')
      it('counts the connections consuming the queue, and forgets a closed one', async () => {
        const monitor = await open('consumers');
        const workers = [await open('consumers'), await open('consumers')];
        assert.equal((await monitor.getQueueSnapshot()).consumers, 0, 'nobody took anything yet');
        for (const worker of workers) await worker.get();
        assert.equal((await monitor.getQueueSnapshot()).consumers, 2);
        await workers[0]!.close?.();
        assert.equal((await monitor.getQueueSnapshot()).consumers, 1);
      });

    if (platform === 'postgresql')
      it('a worker that holds no consumer lock (a PHP worker) makes the count unknown, not zero, while it handles a message', async () => {
        const monitor = await open('php');
        await monitor.send(Envelope.wrap(new ContractNote('taken by PHP')));
        assert.equal((await monitor.getQueueSnapshot()).consumers, 0);
        // What Symfony's worker does when it takes a message: no advisory lock.
        await db.query(`UPDATE ${db.table} SET delivered_at = NOW() AT TIME ZONE 'UTC' WHERE queue_name = 'php'`);
        assert.equal((await monitor.getQueueSnapshot()).consumers, null);
      });
    else
      it('cannot tell its consumers (a file has none to ask)', async () => {
        assert.equal((await (await open()).getQueueSnapshot()).consumers, null);
      });
  });
}
