/**
 * Workers as real processes, on the fixture app (test/fixtures/worker-app), which logs each
 * job's start and end with its pid in var/jobs.log: signals, stop-workers, several workers on
 * one queue, and a worker killed in the middle of a message.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createMessenger, type DoctrineTransport, Envelope, type Messenger } from '../../src/index.js';
import { DATABASES, sqliteDatabase, type TestDatabase } from '../support/databases.js';
import { until } from '../support/deadline.js';
import { runCli } from '../support/runCli.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';
import { exitOf, journal, startWorker, type WorkerProcess } from '../support/workerProcess.js';
import { Job } from '../fixtures/worker-app/src/messenger.js';

function project(): string {
  return tempProject({
    'config/packages/messenger.yaml': messengerYaml(
      "transports:\n  async: '%env(MESSENGER_DSN)%'\nrouting:\n  Job: async",
    ),
  });
}

/**
 * Waits until every worker printed its `started` event (`--format json`), then until the clock
 * has moved past that moment. A stop request counts for the workers started before it, as in
 * Symfony (the restart timestamp is compared with each worker's start time): a request made
 * while a worker is still starting would never stop that one.
 */
async function allStarted(workers: readonly WorkerProcess[]): Promise<void> {
  await until(
    () => workers.every((w) => w.output().includes('"event":"started"')),
    `all ${workers.length} workers to report themselves started`,
    60_000,
  );
  const seenAt = Date.now();
  await until(() => Date.now() > seenAt, 'the clock to move past the start of the last worker');
}

async function sender(projectDir: string, dsn: string): Promise<Messenger> {
  return createMessenger({ projectDir, messages: [Job], processEnv: { MESSENGER_DSN: dsn } });
}

describe('worker processes', () => {
  const children: WorkerProcess[] = [];
  const databases: TestDatabase[] = [];
  const launch = (projectDir: string, dsn: string, ...args: string[]): WorkerProcess => {
    const worker = startWorker(projectDir, dsn, ...args);
    children.push(worker);
    return worker;
  };
  after(async () => {
    for (const worker of children) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    for (const d of databases) await d.cleanup();
  });

  it('SIGTERM: the worker finishes the current message, acknowledges it, and exits 0', async () => {
    const dir = project();
    const db = sqliteDatabase(dir);
    databases.push(db);
    const messenger = await sender(dir, db.dsn());
    await messenger.dispatch(new Job('slow', 1500));
    await messenger.dispatch(new Job('next'));
    const worker = launch(dir, db.dsn());
    await until(() => journal(dir).some((e) => e.event === 'start' && e.id === 'slow'), 'the slow job to start');
    worker.child.kill('SIGTERM');
    const { code } = await exitOf(worker, 'the worker sent SIGTERM');
    assert.equal(code, 0, worker.output());
    assert.deepEqual(
      journal(dir).map((e) => `${e.event} ${e.id}`),
      ['start slow', 'done slow'],
      'finished, and took nothing more',
    );
    const left = await (messenger.getTransport('async') as DoctrineTransport).all();
    assert.deepEqual(
      left.map((e) => (e.message as Job).id),
      ['next'],
      'the slow job was acknowledged',
    );
    await messenger.close();
  });

  it('stop-workers: every running worker of the project stops after its current message', async () => {
    const dir = project();
    const db = sqliteDatabase(dir);
    databases.push(db);
    const workers = [launch(dir, db.dsn(), '--format', 'json'), launch(dir, db.dsn(), '--format', 'json')];
    await allStarted(workers);
    const result = await runCli(['stop-workers'], () => sender(dir, db.dsn()));
    assert.equal(result.code, 0, result.stderr);
    const exits = await Promise.all(workers.map((w, i) => exitOf(w, `worker ${i + 1} after stop-workers`)));
    assert.deepEqual(
      exits.map((e) => e.code),
      [0, 0],
    );
    for (const worker of workers) {
      const stopped = worker
        .output()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { event: string; reason?: string })
        .at(-1);
      assert.deepEqual(stopped, {
        ...stopped,
        event: 'stopped',
        reason: 'received a stop signal via the messenger stop-workers command',
      });
    }
  });

  for (const { platform, create } of DATABASES) {
    it(`several workers on ${platform} share one queue: every message is handled once`, async () => {
      const dir = project();
      const db = create(dir);
      databases.push(db);
      const messenger = await sender(dir, db.dsn());
      const workers = [1, 2, 3].map(() => launch(dir, db.dsn(), '--format', 'json'));
      // Sent once all three run, so one that started early cannot take every job before the others start.
      await allStarted(workers);
      for (let i = 0; i < 45; i++) await messenger.dispatch(new Job(`job-${i}`, 15));
      await until(() => journal(dir).filter((e) => e.event === 'done').length >= 45, 'every job to be done', 60_000);
      const stop = await runCli(['stop-workers'], () => sender(dir, db.dsn()));
      assert.equal(stop.code, 0, stop.stderr);
      await Promise.all(workers.map((w, i) => exitOf(w, `worker ${i + 1} after stop-workers`)));
      const starts = journal(dir).filter((e) => e.event === 'start');
      assert.equal(starts.length, 45, 'no job was started twice');
      assert.equal(new Set(starts.map((e) => e.id)).size, 45);
      assert.ok(new Set(starts.map((e) => e.pid)).size >= 2, 'the work was shared');
      assert.equal(await (messenger.getTransport('async') as DoctrineTransport).getMessageCount(), 0);
      await messenger.close();
    });

    it(`a worker killed (SIGKILL) in the middle of a message on ${platform}: another handles it after redeliver_timeout; nothing is lost`, async () => {
      const dir = project();
      const db = create(dir);
      databases.push(db);
      const dsn = db.dsn({ redeliver_timeout: 1 });
      const messenger = await sender(dir, dsn);
      await messenger.getTransport('async').send(Envelope.wrap(new Job('interrupted', 2000)));
      await messenger.getTransport('async').send(Envelope.wrap(new Job('queued')));
      const doomed = launch(dir, dsn);
      await until(
        () => journal(dir).some((e) => e.event === 'start' && e.id === 'interrupted'),
        'the long job to start',
      );
      const killedAt = Date.now();
      doomed.child.kill('SIGKILL');
      assert.equal((await exitOf(doomed, 'the worker sent SIGKILL')).signal, 'SIGKILL');
      const rescuer = launch(dir, dsn);
      await until(
        () => journal(dir).filter((e) => e.event === 'done').length === 2,
        'both jobs to be done by the second worker',
        60_000,
      );
      const rescue = journal(dir).find(
        (e) => e.event === 'start' && e.id === 'interrupted' && e.pid === rescuer.child.pid,
      );
      assert.ok(rescue !== undefined, 'the interrupted job was handled again by the other worker');
      assert.ok(Date.now() - killedAt >= 900, 'not before redeliver_timeout');
      assert.deepEqual(
        journal(dir)
          .filter((e) => e.event === 'done')
          .map((e) => [e.id, e.pid])
          .sort(),
        [
          ['interrupted', rescuer.child.pid],
          ['queued', rescuer.child.pid],
        ],
      );
      rescuer.child.kill('SIGTERM');
      assert.equal((await exitOf(rescuer, 'the second worker sent SIGTERM')).code, 0);
      assert.equal(await (messenger.getTransport('async') as DoctrineTransport).getMessageCount(), 0);
      await messenger.close();
    });
  }
});
