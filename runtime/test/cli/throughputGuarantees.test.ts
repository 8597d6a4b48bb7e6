/**
 * What `consume --fetch-size --concurrency` must still guarantee, with real worker processes
 * on SQLite, PostgreSQL and MariaDB: nothing lost over repeated SIGKILLs (duplicates only of what the
 * killed process had in flight: at most one batch each), and on SIGTERM the started messages
 * finish while the rest of the batch is released at once.
 *
 * The suite runs a small version; `npm run guarantees` the heavy one (MESSENGER_GUARANTEES=full:
 * 10,000 messages, 100 SIGKILLs).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createMessenger, type DoctrineTransport, Envelope, type Messenger, sendMany } from '../../src/index.js';
import { Job } from '../fixtures/worker-app/src/messenger.js';
import { DATABASES, type TestDatabase } from '../support/databases.js';
import { until } from '../support/deadline.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';
import { exitOf, journal, startWorker, type WorkerProcess } from '../support/workerProcess.js';

const FULL = process.env['MESSENGER_GUARANTEES'] === 'full';
const MESSAGES = FULL ? 10_000 : 500;
const KILLS = FULL ? 100 : 5;
const FETCH_SIZE = 50;
const CONCURRENCY = 10;
/** Each job takes this long (async): enough for a kill to find messages in flight. */
const JOB_MS = 10;

function project(): string {
  return tempProject({
    'config/packages/messenger.yaml': messengerYaml(
      "transports:\n  async: '%env(MESSENGER_DSN)%'\nrouting:\n  Job: async",
    ),
  });
}

async function sender(projectDir: string, dsn: string): Promise<Messenger> {
  return createMessenger({ projectDir, messages: [Job], processEnv: { MESSENGER_DSN: dsn } });
}

const doneCount = (dir: string): number => journal(dir).filter((e) => e.event === 'done').length;

describe('throughput guarantees (fetch size and concurrency)', () => {
  const children: WorkerProcess[] = [];
  const databases: TestDatabase[] = [];
  const launch = (dir: string, dsn: string, ...args: string[]): WorkerProcess => {
    const worker = startWorker(dir, dsn, ...args);
    children.push(worker);
    return worker;
  };
  after(async () => {
    for (const worker of children) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    for (const d of databases) await d.cleanup();
  });

  for (const { platform, create } of DATABASES) {
    it(`${platform}: ${KILLS} SIGKILLs during ${MESSAGES} messages with --fetch-size ${FETCH_SIZE} --concurrency ${CONCURRENCY}: none lost, duplicates only of what was in flight`, async (t) => {
      const dir = project();
      const db = create(dir);
      databases.push(db);
      const dsn = db.dsn({ redeliver_timeout: 1 });
      const messenger = await sender(dir, dsn);
      const transport = messenger.getTransport('async') as DoctrineTransport;
      const ids = Array.from({ length: MESSAGES }, (_, i) => `m${i}`);
      await sendMany(
        transport,
        ids.map((id) => Envelope.wrap(new Job(id, JOB_MS))),
      );
      const args = ['--fetch-size', String(FETCH_SIZE), '--concurrency', String(CONCURRENCY)];
      const killed = new Set<number>();
      for (let kill = 1; kill <= KILLS; kill++) {
        const before = doneCount(dir);
        const worker = launch(dir, dsn, ...args);
        // Killed in the middle of the run: once it has handled a share of what is left.
        const share = Math.max(1, Math.floor((MESSAGES - before) / (KILLS + 2 - kill)));
        await until(
          () => doneCount(dir) >= before + share || worker.child.exitCode !== null,
          `worker ${kill} to handle ${share} messages`,
          60_000,
        );
        worker.child.kill('SIGKILL');
        assert.equal((await exitOf(worker, `worker ${kill}, sent SIGKILL`)).signal, 'SIGKILL', worker.output());
        killed.add(worker.child.pid!);
      }
      const last = launch(dir, dsn, ...args);
      // Until the table is empty: what the killed workers left comes back after redeliver_timeout.
      const deadline = Date.now() + (FULL ? 600_000 : 60_000);
      while ((await db.query(`SELECT id FROM ${db.table} LIMIT 1`)).length > 0) {
        if (Date.now() > deadline || last.child.exitCode !== null)
          throw new Error(`Timed out waiting for the last worker to empty the queue. Its output:\n${last.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      last.child.kill('SIGTERM');
      assert.equal((await exitOf(last, 'the last worker, sent SIGTERM')).code, 0, last.output());

      // A message handled again was handled before by a worker killed before acknowledging it:
      // each repeat is charged to the worker that handled it the time before.
      const done = journal(dir).filter((e) => e.event === 'done');
      const lastDone = new Map<string, number>();
      const perKill = new Map<number, number>();
      let duplicates = 0;
      for (const entry of done) {
        const previous = lastDone.get(entry.id);
        if (previous !== undefined) {
          duplicates++;
          assert.ok(killed.has(previous), `${entry.id} was handled again after ${previous}, which was not killed`);
          perKill.set(previous, (perKill.get(previous) ?? 0) + 1);
        }
        lastDone.set(entry.id, entry.pid);
      }
      assert.deepEqual(
        ids.filter((id) => !lastDone.has(id)),
        [],
        'no message lost',
      );
      for (const [pid, count] of perKill)
        assert.ok(count <= FETCH_SIZE, `${count} messages of worker ${pid} handled again: more than one batch`);
      t.diagnostic(
        `${platform}: ${MESSAGES} messages, ${KILLS} SIGKILLs, ${duplicates} handled again (at most ${Math.max(0, ...perKill.values())} per kill)`,
      );
      assert.equal(await transport.getMessageCount(), 0);
      assert.deepEqual(await db.query(`SELECT id FROM ${db.table}`), [], 'every message acknowledged');
      await messenger.close();
    });

    it(`${platform}: SIGTERM finishes the started messages and releases the rest of the batch at once`, async () => {
      const dir = project();
      const db = create(dir);
      databases.push(db);
      const dsn = db.dsn();
      const messenger = await sender(dir, dsn);
      const transport = messenger.getTransport('async') as DoctrineTransport;
      const waiting = Array.from({ length: 8 }, (_, i) => `waiting-${i}`);
      await sendMany(transport, [
        Envelope.wrap(new Job('slow-1', 1500)),
        Envelope.wrap(new Job('slow-2', 1500)),
        ...waiting.map((id) => Envelope.wrap(new Job(id))),
      ]);
      const worker = launch(dir, dsn, '--fetch-size', '10', '--concurrency', '2');
      await until(() => journal(dir).filter((e) => e.event === 'start').length >= 2, 'both slow jobs to start', 60_000);
      worker.child.kill('SIGTERM');
      assert.equal((await exitOf(worker, 'the worker sent SIGTERM')).code, 0, worker.output());
      assert.deepEqual(
        journal(dir)
          .map((e) => `${e.event} ${e.id}`)
          .sort(),
        ['done slow-1', 'done slow-2', 'start slow-1', 'start slow-2'],
        'the started jobs finished, and nothing else started',
      );
      // redeliver_timeout is an hour: listed as waiting only because they were released.
      assert.deepEqual(
        (await transport.all()).map((e) => (e.message as Job).id),
        waiting,
        'released at once, in order',
      );
      await messenger.close();
    });
  }
});
