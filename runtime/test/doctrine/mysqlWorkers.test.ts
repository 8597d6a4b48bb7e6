/**
 * Four `messenger consume` processes on one MariaDB queue while messages keep arriving: the
 * pain point of Symfony's Doctrine transport on MySQL (deadlocks between workers that lock and
 * delete rows of one table). Every message is handled exactly once, and the server counts no
 * deadlock (InnoDB's own counter, read before and after): one message at a time, and in batches
 * (`--fetch-size`: taken in one query, deleted in one statement).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createMessenger, type DoctrineTransport } from '../../src/index.js';
import { mysqlDatabase, type TestDatabase } from '../support/databases.js';
import { until, within } from '../support/deadline.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';
import { Job } from '../fixtures/worker-app/src/messenger.js';

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');
const APP = join(import.meta.dirname, '../fixtures/worker-app/src/messenger.ts');
const TSX = import.meta.resolve('tsx');
const MESSAGES = 400;
const WORKERS = 4;

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
}

function startWorker(projectDir: string, dsn: string, fetchSize: number): WorkerProcess {
  const child = spawn(
    process.execPath,
    [
      ...['--conditions=source', '--import', TSX, MAIN, '--app', APP, 'consume', 'async', '--sleep', '0.05', '-vv'],
      ...['--fetch-size', String(fetchSize)],
    ],
    { cwd: projectDir, env: { ...process.env, NO_COLOR: '1', MESSENGER_DSN: dsn }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

function started(projectDir: string): string[] {
  const file = join(projectDir, 'var', 'jobs.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('start '));
}

async function deadlocks(db: TestDatabase): Promise<number> {
  const [row] = await db.query<{ Value: string }>("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'");
  return Number(row!.Value);
}

describe('four worker processes on one MariaDB queue', () => {
  const all: WorkerProcess[] = [];
  const databases: TestDatabase[] = [];
  const messengers: Array<{ close(): Promise<void> }> = [];
  after(async () => {
    for (const worker of all) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    // Also after a failed assertion: an open connection pool would keep this file's process alive.
    for (const messenger of messengers) await messenger.close();
    for (const db of databases) await db.cleanup();
  });

  for (const fetchSize of [1, 10])
    it(`handle every message exactly once, with no deadlock, while messages keep arriving (--fetch-size ${fetchSize})`, async () => {
      const workers: WorkerProcess[] = [];
      const projectDir = tempProject({
        'config/packages/messenger.yaml': messengerYaml(
          "transports:\n  async: '%env(MESSENGER_DSN)%'\nrouting:\n  Job: async",
        ),
      });
      const db = mysqlDatabase(projectDir);
      databases.push(db);
      const messenger = await createMessenger({ projectDir, messages: [Job], processEnv: { MESSENGER_DSN: db.dsn() } });
      messengers.push(messenger);
      const transport = messenger.getTransport('async') as DoctrineTransport;
      await transport.setup();
      const before = await deadlocks(db);
      // Half before the workers start, half while they take and delete rows.
      for (let i = 0; i < MESSAGES / 2; i++) await messenger.dispatch(new Job(`job-${i}`));
      for (let i = 0; i < WORKERS; i++) {
        const worker = startWorker(projectDir, db.dsn(), fetchSize);
        workers.push(worker);
        all.push(worker);
      }
      // Until its banner's last line is out, a worker has no SIGTERM handler yet: the signal would kill it.
      await until(
        () => workers.every((w) => w.output().includes('Quit the worker with CONTROL-C.')),
        'the four workers to start consuming',
        60_000,
      );
      for (let i = MESSAGES / 2; i < MESSAGES; i++) await messenger.dispatch(new Job(`job-${i}`));
      await until(() => started(projectDir).length >= MESSAGES, `${MESSAGES} jobs to start`, 120_000).catch(
        (error: Error) => {
          const tails = workers.map((w, n) => `worker ${n} (exit ${w.child.exitCode}):\n${w.output().slice(-2_000)}`);
          throw new Error(`${error.message} ${started(projectDir).length} started.\n${tails.join('\n')}`);
        },
      );
      // SIGTERM: each worker finishes (and acknowledges) the message in hand, then exits.
      for (const worker of workers) worker.child.kill('SIGTERM');
      const codes = await within(Promise.all(workers.map((w) => w.exited)), 30_000, 'the workers to stop on SIGTERM');
      assert.deepEqual(codes, [0, 0, 0, 0], workers.map((w) => w.output()).join('\n'));
      const starts = started(projectDir);
      assert.equal(starts.length, MESSAGES, 'no message was handled twice');
      assert.equal(new Set(starts.map((line) => line.split(' ')[2])).size, MESSAGES, 'every message was handled');
      assert.ok(new Set(starts.map((line) => line.split(' ')[1])).size >= 2, 'the work was shared');
      assert.equal(await deadlocks(db), before, 'InnoDB counted no deadlock');
      assert.deepEqual(await db.query(`SELECT id FROM ${db.table}`), [], 'every row was deleted');
      for (const worker of workers) assert.doesNotMatch(worker.output(), /Deadlock|Lock wait timeout/i);
    });
});
