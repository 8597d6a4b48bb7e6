/**
 * Batches on MySQL and MariaDB (`consume --fetch-size N`, Connection.getMany): N rows taken in
 * one query, oldest first, skipping rows other transactions hold; never one row to two
 * consumers; protected by delivered_at exactly as a single row (redeliver_timeout, keepalive).
 * Round trips are counted on mysql2's own connection: every query it sends is written down.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import { Connection } from '../../src/transport/doctrine/Connection.js';
import { MySqlDriver } from '../../src/transport/doctrine/MySqlDriver.js';
import { formatTimestamp } from '../../src/transport/doctrine/sql.js';
import { MYSQL_URL, mysqlDatabase, type TestDatabase } from '../support/databases.js';
import { within } from '../support/deadline.js';

type MySqlModule = typeof import('mysql2/promise');

/** mysql2, with the text of every query its connections send appended to `log`: one entry per round trip. */
function recordingMysql(log: string[]): MySqlModule {
  const createConnection = async (config: mysql.ConnectionOptions): Promise<mysql.Connection> => {
    const connection = await mysql.createConnection(config);
    const query = connection.query.bind(connection) as (options: unknown, values?: unknown) => Promise<unknown>;
    (connection as { query: unknown }).query = (options: string | { sql: string }, values?: unknown) => {
      log.push(typeof options === 'string' ? options : options.sql);
      return query(options, values);
    };
    return connection;
  };
  return { ...mysql, createConnection } as MySqlModule;
}

/** A clock the test moves by hand: redeliver_timeout passes without waiting for it. */
class ManualClock {
  time = Date.now();
  readonly now = (): number => this.time;
}

describe('Doctrine transport on MySQL and MariaDB: batches', () => {
  const databases: TestDatabase[] = [];
  const connections: Connection[] = [];
  const database = (): TestDatabase => {
    const db = mysqlDatabase();
    databases.push(db);
    return db;
  };
  /** A consumer of the table with its own database connection (`driver`); `log` receives the queries it sends. */
  const consumer = (
    db: TestDatabase,
    options: { log?: string[]; clock?: ManualClock; redeliverTimeout?: number; driver?: MySqlDriver } = {},
  ): Connection => {
    const driver =
      options.driver ?? new MySqlDriver(recordingMysql(options.log ?? []), { uri: MYSQL_URL }, 'MariaDB (test)');
    const connection = new Connection(
      {
        tableName: db.table,
        queueName: 'default',
        redeliverTimeout: options.redeliverTimeout ?? 3600,
        autoSetup: true,
        useNotify: false,
        checkDelayedInterval: 0,
        getNotifyTimeout: 0,
      },
      driver,
      options.clock?.now,
    );
    connections.push(connection);
    return connection;
  };
  const bodies = (rows: ReadonlyArray<{ readonly body: string }>): string[] => rows.map((r) => r.body);
  after(async () => {
    for (const c of connections) await c.close();
    for (const db of databases) await db.cleanup();
  });

  it('takes N rows in one query, oldest available first (then by id), and deletes them in one more; one row still takes the single-row query', async () => {
    const db = database();
    const log: string[] = [];
    const clock = new ManualClock();
    const c = consumer(db, { log, clock });
    const start = clock.time;
    for (let i = 0; i < 12; i++) {
      clock.time = start + Math.floor(i / 2); // two rows to each millisecond: those are ordered by id
      await c.send(`m${i}`, {});
    }
    clock.time = start - 100;
    await c.send('sent last, available first', {});
    clock.time = start + 1000;

    log.length = 0;
    const batch = await c.getMany(undefined, { maxMessages: 10 });
    assert.deepEqual(bodies(batch), [
      'sent last, available first',
      'm0',
      'm1',
      'm2',
      'm3',
      'm4',
      'm5',
      'm6',
      'm7',
      'm8',
    ]);
    assert.equal(log.length, 1, `one round trip for the batch, not ${log.length}`);
    assert.match(log[0]!, /LIMIT \? FOR UPDATE SKIP LOCKED.*; COMMIT$/);
    const delivered = await db.query<{ body: string; delivered_at: string }>(
      `SELECT body, delivered_at FROM ${db.table} WHERE delivered_at IS NOT NULL`,
    );
    assert.deepEqual(
      delivered.map((r) => r.body).sort(),
      bodies(batch).sort(),
      'exactly the rows returned are marked delivered',
    );
    assert.deepEqual(new Set(delivered.map((r) => r.delivered_at)), new Set([formatTimestamp(clock.time)]));

    log.length = 0;
    await c.deleteMany(batch.map((r) => r.id));
    assert.equal(log.length, 1, `one round trip to acknowledge the batch, not ${log.length}`);
    assert.match(log[0]!, /^DELETE FROM \S+ WHERE id IN \(/);
    assert.deepEqual(bodies(await db.query<{ body: string }>(`SELECT body FROM ${db.table} ORDER BY id`)), [
      'm9',
      'm10',
      'm11',
    ]);

    log.length = 0;
    assert.deepEqual(bodies(await c.getMany(undefined, { maxMessages: 1 })), ['m9']);
    assert.equal(log.length, 1);
    assert.match(log[0]!, /INTO @messenger_id, .* LIMIT 1 FOR UPDATE SKIP LOCKED/, 'a fetch size of 1 takes as before');
  });

  it("takes the whole batch when its id list is longer than the session's group_concat_max_len (where MariaDB cuts JSON_ARRAYAGG)", async () => {
    const db = database();
    const driver = new MySqlDriver(mysql, { uri: MYSQL_URL }, 'MariaDB (test)');
    const c = consumer(db, { driver });
    for (let i = 0; i < 6; i++) await c.send(`m${i}`, {});
    await driver.run('SET SESSION group_concat_max_len = 4', []);
    assert.deepEqual(bodies(await c.getMany(undefined, { maxMessages: 5 })), ['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('skips the rows another transaction holds instead of waiting for them, and takes them once they are free', async () => {
    const db = database();
    const c = consumer(db);
    for (let i = 0; i < 8; i++) await c.send(`m${i}`, {});
    const ids = (await db.query<{ id: string }>(`SELECT id FROM ${db.table} ORDER BY id`)).map((r) => r.id);
    await db.query('START TRANSACTION');
    try {
      await db.query(`SELECT id FROM ${db.table} WHERE id IN (?) FOR UPDATE`, [[ids[0], ids[2]]]);
      const batch = await within(c.getMany(undefined, { maxMessages: 4 }), 20_000, 'a batch beside locked rows');
      assert.deepEqual(bodies(batch), ['m1', 'm3', 'm4', 'm5']);
    } finally {
      await db.query('ROLLBACK');
    }
    assert.deepEqual(bodies(await c.getMany(undefined, { maxMessages: 4 })), ['m0', 'm2', 'm6', 'm7']);
  });

  it('takes a batch from a nearly empty queue without waiting for a row being acknowledged (the table scan that waited there deadlocked)', async () => {
    const db = database();
    const [a, b] = [consumer(db), consumer(db)];
    // So few rows that, by its statistics, the optimizer would rather scan the table than look the batch's ids up.
    for (let i = 0; i < 3; i++) await a.send(`m${i}`, {});
    const [first] = await a.getMany(undefined, { maxMessages: 1 });
    await db.query('START TRANSACTION');
    try {
      // A's acknowledgement of m0, not yet committed: it holds the row.
      await db.query(`DELETE FROM ${db.table} WHERE id = ?`, [first!.id]);
      const batch = await within(
        b.getMany(undefined, { maxMessages: 10 }),
        20_000,
        'a batch beside a row being acknowledged',
      );
      assert.deepEqual(bodies(batch), ['m1', 'm2']);
    } finally {
      await db.query('ROLLBACK');
    }
  });

  it('never gives one row to two consumers taking batches at once', async () => {
    const db = database();
    const consumers = [consumer(db), consumer(db), consumer(db)];
    const count = 300;
    for (let i = 0; i < count; i++) await consumers[0]!.send(`m${i}`, {});
    const takenBy = consumers.map(() => [] as string[]);
    await within(
      Promise.all(
        consumers.map(async (c, n) => {
          for (;;) {
            const batch = await c.getMany(undefined, { maxMessages: 7 });
            if (batch.length === 0) return;
            takenBy[n]!.push(...bodies(batch));
            await c.deleteMany(batch.map((r) => r.id));
          }
        }),
      ),
      60_000,
      'three consumers to empty the queue',
    );
    const taken = takenBy.flat();
    assert.equal(taken.length, count, 'no row was taken twice');
    assert.equal(new Set(taken).size, count, 'every row was taken');
    assert.ok(takenBy.filter((rows) => rows.length > 0).length >= 2, 'the batches were taken side by side');
    assert.deepEqual(await db.query(`SELECT id FROM ${db.table}`), []);
  });

  it('gives rows taken in a batch and never acknowledged to another consumer after redeliver_timeout, and a keepalive holds one back', async () => {
    const db = database();
    const clock = new ManualClock();
    const [a, b] = [consumer(db, { clock, redeliverTimeout: 60 }), consumer(db, { clock, redeliverTimeout: 60 })];
    for (let i = 0; i < 5; i++) {
      clock.time += 1;
      await a.send(`m${i}`, {});
    }
    const batch = await a.getMany(undefined, { maxMessages: 3 });
    assert.deepEqual(bodies(batch), ['m0', 'm1', 'm2']);
    const rest = await b.getMany(undefined, { maxMessages: 10 });
    assert.deepEqual(bodies(rest), ['m3', 'm4'], 'not while A may be handling them');
    await b.deleteMany(rest.map((r) => r.id));

    clock.time += 30_000;
    await a.keepalive(batch[1]!.id);
    clock.time += 31_000;
    assert.deepEqual(
      bodies(await b.getMany(undefined, { maxMessages: 10 })),
      ['m0', 'm2'],
      'redelivered 61 s after the take; m1 was kept alive 31 s ago',
    );
    assert.deepEqual(bodies(await b.getMany(undefined, { maxMessages: 10 })), [], 'and now B has them');
    clock.time += 30_000;
    assert.deepEqual(bodies(await b.getMany(undefined, { maxMessages: 10 })), ['m1'], '61 s after its keepalive');
  });
});
