import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import Database from 'better-sqlite3';
import {
  createMessenger,
  DelayStamp,
  type DoctrineConnection,
  type DoctrineTransport,
  Envelope,
  interpolate,
  type Messenger,
  TransportException,
  WorkerRunningEvent,
} from '../../src/index.js';
import { DriverException } from '../../src/transport/doctrine/Driver.js';
import { DoctrineReceiver } from '../../src/transport/doctrine/DoctrineReceiver.js';
import { PostgreSqlDriver } from '../../src/transport/doctrine/PostgreSqlDriver.js';
import { POSTGRES_URL, postgresDatabase, sqliteDatabase, type TestDatabase } from '../support/databases.js';
import { StalledClock, until, within } from '../support/deadline.js';
import { Note, noteRecorder } from '../support/notes.js';
import { runCli } from '../support/runCli.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';
import { consumeUntil, MemoryLogger, messengerOn } from '../support/workerApp.js';

/** Waits for `promise`, failing the test if it has not settled within 8 s (pg's end() could otherwise hang it). */
async function withDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within 8 s`)), 8_000);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const connectionOf = (messenger: Messenger, transport: string): DoctrineConnection =>
  (messenger.getTransport(transport) as DoctrineTransport).connection;

describe('PostgreSQL: lost connections, failed setups, missing privileges', () => {
  const databases: TestDatabase[] = [];
  const messengers: Messenger[] = [];
  const app = async (
    yaml: string,
    options: Parameters<typeof messengerOn>[2] = {},
    db: TestDatabase = postgresDatabase(),
  ): Promise<Messenger> => {
    if (!databases.includes(db)) databases.push(db);
    const messenger = await messengerOn(db, yaml, { messages: [Note], ...options });
    messengers.push(messenger);
    return messenger;
  };
  after(async () => {
    for (const m of messengers) await m.close();
    for (const d of databases) await d.cleanup();
  });

  it('listens again once its connection was killed, and wakes the idle worker without waiting for the next poll', async () => {
    const handled: string[] = [];
    const NoteHandler = noteRecorder(handled);
    const db = postgresDatabase();
    // The transport name is the connection's application_name: unique, so only this worker's connection is killed.
    const name = `lost_${process.pid}`;
    const worker = await app(
      `transports:\n  ${name}: %dsn(default, check_delayed_interval=0)%`,
      { handlers: [NoteHandler] },
      db,
    );
    const sender = await app('transports:\n  sender: %dsn(default)%', {}, db);
    await (sender.getTransport('sender') as DoctrineTransport).setup();
    let killed = false;
    // The worker's sleeps never end by themselves: the message is handled only if the transport wakes it.
    const clock = new StalledClock();
    await consumeUntil(
      worker,
      { receivers: [name], sleep: 30_000, timeoutMs: 20_000, clock },
      () => handled.length === 1,
      (w) => {
        w.on(WorkerRunningEvent, async (event) => {
          if (!event.isWorkerIdle || killed) return;
          killed = true;
          await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?', [
            `messenger:${name}`,
          ]);
          setTimeout(() => void sender.getTransport('sender').send(Envelope.wrap(new Note('after the outage'))), 300);
        });
      },
    );
    assert.deepEqual(handled, ['after the outage']);
    assert.ok(clock.wakes >= 1, 'woken by the transport (the lost connection, then the notification)');
  });

  it("logs the loss of the worker's connection (warning) and its recovery (info)", async () => {
    const handled: string[] = [];
    const NoteHandler = noteRecorder(handled);
    const db = postgresDatabase();
    const name = `logged_${process.pid}`;
    const worker = await app(`transports:\n  ${name}: %dsn(default)%`, { handlers: [NoteHandler] }, db);
    const sender = await app('transports:\n  sender: %dsn(default)%', {}, db);
    await (sender.getTransport('sender') as DoctrineTransport).setup();
    const logger = new MemoryLogger();
    let killed = false;
    await consumeUntil(
      worker,
      { receivers: [name], sleep: 50, logger },
      () => handled.length === 1,
      (w) => {
        w.on(WorkerRunningEvent, async (event) => {
          if (!event.isWorkerIdle || killed) return;
          killed = true;
          await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?', [
            `messenger:${name}`,
          ]);
          await sender.getTransport('sender').send(Envelope.wrap(new Note('after the outage')));
        });
      },
    );
    assert.deepEqual(handled, ['after the outage']);
    const lines = logger.records.map((r) => `${r.level} ${interpolate(r.message, r.context)}`);
    const lost = lines.findIndex((l) => /^warning Lost the connection to PostgreSQL postgres:\/\/.*: /.test(l));
    const back = lines.findIndex((l) =>
      /^info Reconnected to PostgreSQL postgres:\/\/.* after \d+(\.\d+)? s\./.test(l),
    );
    assert.ok(lost !== -1, `the loss is logged:\n${lines.join('\n')}`);
    assert.ok(back > lost, `the recovery is logged after it:\n${lines.join('\n')}`);
    assert.match(lines[lost]!, /terminat/i, 'with the reason');
  });

  it('a connection that cannot even be attempted (port 65536) fails and closes, instead of awaiting pg forever', async () => {
    const driver = new PostgreSqlDriver(pg, { host: '127.0.0.1', port: 65536, user: 'postgres' }, 'PostgreSQL test');
    const outcome = await withDeadline(
      driver.all('SELECT 1', []).then(
        () => 'connected',
        (error: unknown) => error,
      ),
      'the failed connect',
    );
    assert.ok(outcome instanceof DriverException, String(outcome));
    assert.match(outcome.message, /^PostgreSQL test: could not connect: .*65536/);
    assert.equal(
      await withDeadline(
        driver.close().then(() => 'closed'),
        'close()',
      ),
      'closed',
    );
  });

  it('a database that stays unreachable stops the worker, non-zero, saying a process manager must restart it', async () => {
    const projectDir = tempProject({
      // Port 1: nothing listens there, so every connection is refused at once.
      'config/packages/messenger.yaml': messengerYaml("transports:\n  down: 'postgres://postgres@127.0.0.1:1/test'"),
    });
    const application = () => createMessenger({ projectDir, processEnv: {} });
    const messenger = await application();
    messengers.push(messenger);
    const outcome = await withDeadline(
      messenger
        .createWorker({ receivers: ['down'], stopOnRestartSignal: false })
        .run({ sleep: 20 })
        .then(
          () => 'still running',
          (error: unknown) => error,
        ),
      'the worker giving up',
    );
    assert.ok(outcome instanceof TransportException, String(outcome));
    assert.match(outcome.message, /^PostgreSQL postgres:\/\/\*\*\*\*@127\.0\.0\.1:1\/test: could not connect: /);
    assert.match(
      outcome.message,
      /The worker has stopped: .*Run workers under a process manager that restarts them \(systemd, supervisor/,
    );
    const cli = await withDeadline(runCli(['consume', 'down', '--sleep', '0.02'], application), 'messenger consume');
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, /Run workers under a process manager that restarts them/);
  });

  it('a setup script that fails changes nothing and leaves the connection usable', async () => {
    const driver = new PostgreSqlDriver(pg, { connectionString: POSTGRES_URL }, 'PostgreSQL test');
    const table = `messenger_script_${process.pid}`;
    try {
      await assert.rejects(driver.script(`CREATE TABLE ${table} (id INT);\nSELECT 1/0`), /division by zero/);
      assert.deepEqual(await driver.all('SELECT 1 AS one', []), [{ one: 1 }]);
      assert.equal(
        await driver.tableExists(table),
        false,
        'the CREATE TABLE was rolled back with the failing statement',
      );
    } finally {
      await driver.close();
    }
  });

  it('a role that may not add the notify trigger is warned, and its workers poll the table', async () => {
    const db = postgresDatabase();
    const owner = await app('transports:\n  async: %dsn(default, use_notify=false)%', {}, db);
    await (owner.getTransport('async') as DoctrineTransport).setup();
    const role = 'messenger_test_limited';
    await db.query(
      `DO $$ BEGIN CREATE ROLE ${role} LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
    );
    await db.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${db.table} TO ${role}; GRANT USAGE, SELECT ON SEQUENCE ${db.table}_id_seq TO ${role}`,
    );
    const limited: TestDatabase = { ...db, dsn: (options) => db.dsn(options).replace('://postgres@', `://${role}@`) };
    const worker = await messengerOn(limited, 'transports:\n  async: %dsn(default)%', { messages: [Note] });
    messengers.push(worker);
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const connection = connectionOf(worker, 'async');
      assert.equal(await connection.get(), undefined);
      await owner.getTransport('async').send(Envelope.wrap(new Note('polled')));
      assert.ok(await connection.get(), 'found by polling: no notification will ever come');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]!.message,
      /no permission to add the notify trigger to table "messenger_test_\w+" .*idle workers poll it/,
    );
  });

  it('consume --queues waits on the queues it consumes: a message in another queue does not wake it', async () => {
    const db = postgresDatabase();
    const messenger = await app('transports:\n  async: %dsn(default)%', {}, db);
    const sender = await app('transports:\n  async: %dsn(default)%', {}, db);
    await (messenger.getTransport('async') as DoctrineTransport).setup();
    const notified: string[] = [];
    // Registered after the transport's own listener, so it runs once the transport has had the notification.
    const driver = (connectionOf(messenger, 'async') as unknown as { driver: PostgreSqlDriver }).driver;
    driver.onNotification((notification) => notified.push(notification.payload ?? ''));
    // The worker's sleeps never end by themselves: only the transport (or stop()) can wake it.
    const clock = new StalledClock();
    const worker = messenger.createWorker({ receivers: ['async'], stopOnRestartSignal: false, clock });
    const running = worker.run({ queues: ['high'], sleep: 400 });
    await until(() => clock.sleeps === 1, 'the worker to fall asleep');
    await sender.getTransport('async').send(Envelope.wrap(new Note('for the default queue')));
    await until(
      () => notified.includes('default'),
      "the default queue's notification to reach the worker's connection",
    );
    // Had it woken the worker, the sleep would have ended by now: that takes only promise callbacks.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual([clock.sleeps, clock.wakes], [1, 0], 'asleep since the first idle loop, never woken');
    worker.stop('test');
    await within(running, 20_000, 'the worker to stop');
    assert.equal(clock.wakes, 1, 'woken by stop()');
  });

  it('stop() ends a get_notify_timeout wait', async () => {
    // Ten minutes: in this test only stop() can end the wait.
    const messenger = await app('transports:\n  async: %dsn(default, get_notify_timeout=600000)%');
    const worker = messenger.createWorker({ receivers: ['async'], stopOnRestartSignal: false });
    worker.on(WorkerRunningEvent, (event) => {
      if (event.isWorkerIdle) setTimeout(() => event.worker.stop('test'), 100);
    });
    await within(worker.run({ sleep: 0 }), 20_000, 'stop() to end the get() waiting for a notification');
    assert.equal(worker.getStopReason(), 'test');
  });

  it('stores a fractional delay in whole milliseconds', async () => {
    const messenger = await app('transports:\n  async: %dsn(default)%');
    const connection = connectionOf(messenger, 'async');
    await connection.send('{}', { type: 'Note' }, 1500.5);
    const sent = await messenger.getTransport('async').send(Envelope.wrap(new Note('x'), [new DelayStamp(0.4)]));
    assert.equal(sent.last(DelayStamp)?.delay, 0);
    assert.equal(await connection.getMessageCount(), 1, 'the 1.5 s one waits, the other is available');
  });
});

describe('SQLite: a locked database', () => {
  it('waits for another connection to release its write lock without blocking the event loop', async () => {
    const db = sqliteDatabase();
    const messenger = await messengerOn(db, 'transports:\n  async: %dsn(default)%', { messages: [Note] });
    try {
      await (messenger.getTransport('async') as DoctrineTransport).setup();
      const holder = new Database(db.dsn().replace('sqlite://', ''));
      holder.exec('BEGIN IMMEDIATE');
      setTimeout(() => holder.exec('COMMIT'), 300);
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 20);
      await messenger.getTransport('async').send(Envelope.wrap(new Note('after the lock')));
      clearInterval(ticker);
      holder.close();
      assert.ok(ticks >= 5, `the event loop ran ${ticks} timers while the send waited`);
      assert.equal(await connectionOf(messenger, 'async').getMessageCount(), 1);
    } finally {
      await messenger.close();
      await db.cleanup();
    }
  });
});

describe('Doctrine receiver: transient database errors', () => {
  const deadlock = (): DriverException =>
    new DriverException('PostgreSQL: deadlock detected', { code: '40P01', retryable: true });

  it('get() finds nothing on a transient error, up to three times in a row, then reports it', async () => {
    const outcomes: Array<'row' | 'deadlock' | 'broken'> = [
      'deadlock',
      'deadlock',
      'row',
      'deadlock',
      'deadlock',
      'deadlock',
      'broken',
    ];
    const connection = {
      getMany: async () => {
        const next = outcomes.shift();
        if (next === 'deadlock') throw deadlock();
        if (next === 'broken') throw new DriverException('PostgreSQL: syntax error', { code: '42601' });
        return [{ id: '1', body: '{"text":"x"}', headers: '{"type":"Note"}' }];
      },
    } as unknown as DoctrineConnection;
    const receiver = new DoctrineReceiver(connection, {
      encode: () => ({ body: '', headers: {} }),
      decode: () => Envelope.wrap(new Note('x')),
    });
    assert.equal((await receiver.get()).length, 0);
    assert.equal((await receiver.get()).length, 0);
    assert.equal((await receiver.get()).length, 1, 'a success resets the count');
    assert.equal((await receiver.get()).length, 0);
    assert.equal((await receiver.get()).length, 0);
    await assert.rejects(
      receiver.get(),
      (e: Error) => e instanceof TransportException && /deadlock/.test(e.message),
      'the third in a row',
    );
    await assert.rejects(receiver.get(), /syntax error/, 'other errors at once');
  });

  it('ack() and reject() run the statement again after a transient error', async () => {
    let attempts = 0;
    const connection = {
      ack: async () => {
        if (++attempts < 3) throw deadlock();
        return true;
      },
    } as unknown as DoctrineConnection;
    const receiver = new DoctrineReceiver(connection, {
      encode: () => ({ body: '', headers: {} }),
      decode: () => Envelope.wrap(new Note('x')),
    });
    const { DoctrineReceivedStamp } = await import('../../src/index.js');
    await receiver.ack(Envelope.wrap(new Note('x'), [new DoctrineReceivedStamp('1')]));
    assert.equal(attempts, 3);
  });
});
