/**
 * The worker consuming 10,000 messages (no-op handler) from the SQLite and the PostgreSQL
 * transports at (fetch size, concurrency) = (1,1), (50,1) and (50,10), next to the same SQL
 * done directly with the driver in the same run: one message per statement (INSERT; take by
 * UPDATE … RETURNING, then DELETE), and batched (take 50 in one UPDATE, one DELETE of the 50).
 * On PostgreSQL, the Node job queues pg-boss (its best batch: 1000 × 4 workers) and
 * graphile-worker (concurrency 10, its default local queue) drain the same count after a bulk
 * enqueue. Ratios: what the messenger costs on top of the database work, and where it stands
 * among its peers.
 *
 * Database timings vary with the disk (WAL writes, checkpoints, fsync on PostgreSQL commits):
 * each side runs several rounds, alternating, and the best round of each is reported.
 */
import { AsMessageHandler, createMessenger, Envelope, sendMany, WorkerRunningEvent } from '@messenger-ts/runtime';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Logger, makeWorkerUtils, type Runner, run } from 'graphile-worker';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { type Measurement, ratio, report, versionOf } from './support/measure.js';

const PG_BOSS_VERSION = versionOf('pg-boss');
const GRAPHILE_VERSION = versionOf('graphile-worker');
const COUNT = 10_000;
const ROUNDS = { SQLite: 5, PostgreSQL: 2 } as const;
const POSTGRES_URL = process.env['MESSENGER_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** SQLite files and the messenger's project directories; removed at exit. */
const dir = join(tmpdir(), `bench-worker-${process.pid}`);
mkdirSync(dir, { recursive: true });
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

class Ping {
  constructor(readonly n: number) {}
}

@AsMessageHandler(Ping)
class PingHandler {
  __invoke(_message: Ping): void {}
}

const rate = (label: string, seconds: number): Measurement => ({ label, opsPerSecond: COUNT / seconds });

async function timed(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The transport's statements, with the values it binds (see transport/doctrine/sql.ts). */
function statements(table: string, platform: 'sqlite' | 'postgresql') {
  const pg = platform === 'postgresql';
  let n = 0;
  const p = (): string => (pg ? `$${++n}` : '?');
  const numbered = (sql: () => string): string => {
    n = 0;
    return sql();
  };
  const time = pg ? 'TIMESTAMP(3)' : 'DATETIME';
  const filter = (): string =>
    `queue_name = ${p()} AND (delivered_at IS NULL OR delivered_at < ${p()}) AND available_at <= ${p()} ORDER BY available_at ASC, id ASC`;
  return {
    create: `CREATE TABLE ${table} (id ${pg ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT'}, body TEXT NOT NULL, headers TEXT NOT NULL, queue_name VARCHAR(190) NOT NULL, created_at ${time} NOT NULL, available_at ${time} NOT NULL, delivered_at ${time} DEFAULT NULL);
      CREATE INDEX ${table}_qa ON ${table} (queue_name, available_at, id)`,
    insert: numbered(
      () =>
        `INSERT INTO ${table} (body, headers, queue_name, created_at, available_at) VALUES (${p()}, ${p()}, ${p()}, ${p()}, ${p()}) RETURNING id`,
    ),
    take: numbered(
      () =>
        `UPDATE ${table} SET delivered_at = ${p()} WHERE id = (SELECT id FROM ${table} WHERE ${filter()} LIMIT 1${pg ? ' FOR UPDATE SKIP LOCKED' : ''}) RETURNING id, body, headers`,
    ),
    takeMany: numbered(() =>
      pg
        ? `UPDATE ${table} AS m SET delivered_at = ${p()} FROM (SELECT id FROM ${table} WHERE ${filter()} LIMIT ${p()} FOR UPDATE SKIP LOCKED) AS next WHERE m.id = next.id RETURNING m.id, m.body, m.headers`
        : `UPDATE ${table} SET delivered_at = ${p()} WHERE id IN (SELECT id FROM ${table} WHERE ${filter()} LIMIT ${p()}) RETURNING id, body, headers`,
    ),
    delete: numbered(() => `DELETE FROM ${table} WHERE id = ${p()}`),
    deleteMany: numbered(() =>
      pg
        ? `DELETE FROM ${table} WHERE id = ANY(${p()}::bigint[])`
        : `DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(${p()}))`,
    ),
  };
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
const HEADERS = JSON.stringify({
  type: 'Ping',
  'X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\BusNameStamp': '[{"busName":"messenger.bus.default"}]',
  'Content-Type': 'application/json',
});
const BATCH = 50;
const takeParams = (now: number): string[] => [stamp(now), 'default', stamp(now - 3_600_000), stamp(now)];

interface Raw {
  readonly insert: number;
  readonly consume: number;
  readonly consumeBatched: number;
}

async function sqliteRaw(file: string, table: string): Promise<Raw> {
  const db = new Database(file, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const sql = statements(table, 'sqlite');
  db.exec(sql.create);
  const insert = db.prepare(sql.insert);
  // Every statement runs to its end with all(), as the SqliteDriver runs them: get() on a
  // RETURNING statement stops at the first row and commits on reset, which skips SQLite's WAL
  // hook, so no automatic checkpoint would ever run (the WAL grows unbounded, and the
  // checkpoints' fsyncs, about half of an INSERT's time here, would go unmeasured).
  const fill = (): void => {
    for (let i = 0; i < COUNT; i++) {
      const now = stamp(Date.now());
      insert.all(`{"n":${i}}`, HEADERS, 'default', now, now);
    }
  };
  const insertSeconds = await timed(fill);
  const take = db.prepare(sql.take);
  const remove = db.prepare(sql.delete);
  const consumeSeconds = await timed(() => {
    for (;;) {
      const [row] = take.all(...takeParams(Date.now())) as Array<{ id: number }>;
      if (row === undefined) break;
      remove.run(row.id);
    }
  });
  fill();
  const takeMany = db.prepare(sql.takeMany);
  const removeMany = db.prepare(sql.deleteMany);
  const batchedSeconds = await timed(() => {
    for (;;) {
      const rows = takeMany.all(...takeParams(Date.now()), BATCH) as Array<{ id: number }>;
      if (rows.length === 0) break;
      removeMany.run(`[${rows.map((r) => r.id).join(',')}]`);
    }
  });
  db.close();
  return { insert: insertSeconds, consume: consumeSeconds, consumeBatched: batchedSeconds };
}

async function postgresRaw(table: string): Promise<Raw> {
  const client = new pg.Client(POSTGRES_URL);
  await client.connect();
  const sql = statements(table, 'postgresql');
  await client.query(sql.create);
  const fill = async (): Promise<void> => {
    for (let i = 0; i < COUNT; i++) {
      const now = stamp(Date.now());
      await client.query({ name: 'insert', text: sql.insert, values: [`{"n":${i}}`, HEADERS, 'default', now, now] });
    }
  };
  const insertSeconds = await timed(fill);
  const consumeSeconds = await timed(async () => {
    for (;;) {
      const { rows } = await client.query({ name: 'take', text: sql.take, values: takeParams(Date.now()) });
      if (rows.length === 0) break;
      await client.query({ name: 'delete', text: sql.delete, values: [rows[0].id] });
    }
  });
  await fill();
  const batchedSeconds = await timed(async () => {
    for (;;) {
      const { rows } = await client.query({
        name: 'takeMany',
        text: sql.takeMany,
        values: [...takeParams(Date.now()), BATCH],
      });
      if (rows.length === 0) break;
      await client.query({ name: 'deleteMany', text: sql.deleteMany, values: [rows.map((r) => r.id)] });
    }
  });
  await client.query(`DROP TABLE ${table}`);
  await client.end();
  return { insert: insertSeconds, consume: consumeSeconds, consumeBatched: batchedSeconds };
}

/** (fetch size, concurrency) settings of the worker. */
const SETTINGS = [
  [1, 1],
  [50, 1],
  [50, 10],
] as const;

interface Ours {
  /** bus.dispatch one by one. */
  readonly insert: number;
  /** transport sendMany. */
  readonly insertMany: number;
  /** Draining, per setting. */
  readonly consume: number[];
}

/** Dispatches COUNT messages one by one, drains them at (1,1); then, per other setting, sendMany() and drain. */
async function throughMessenger(dsn: string): Promise<Ours> {
  const projectDir = join(dir, `project-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(projectDir, 'config', 'packages'), { recursive: true });
  writeFileSync(
    join(projectDir, 'config', 'packages', 'messenger.yaml'),
    `framework:\n  messenger:\n    transports:\n      async: '${dsn}'\n    routing:\n      Ping: async\n`,
  );
  const messenger = await createMessenger({ projectDir, handlers: [PingHandler] });
  await messenger.dispatch(new Ping(-1));
  const drain = (fetchSize: number, concurrency: number): Promise<number> => {
    const worker = messenger.createWorker({ receivers: ['async'], stopOnRestartSignal: false });
    worker.on(WorkerRunningEvent, (event) => {
      if (event.isWorkerIdle) worker.stop('drained');
    });
    return timed(() => worker.run({ sleep: 0, fetchSize, concurrency }));
  };
  const insert = await timed(async () => {
    for (let i = 0; i < COUNT; i++) await messenger.dispatch(new Ping(i));
  });
  const consume = [await drain(1, 1)];
  let insertMany = Infinity;
  for (const [fetchSize, concurrency] of SETTINGS.slice(1)) {
    const envelopes = Array.from({ length: COUNT }, (_, i) => Envelope.wrap(new Ping(i)));
    insertMany = Math.min(insertMany, await timed(() => sendMany(messenger.getTransport('async'), envelopes)));
    consume.push(await drain(fetchSize, concurrency));
  }
  await messenger.close();
  return { insert, insertMany, consume };
}

/** pg-boss: bulk insert, then 4 workers fetching batches of 1000 (its best setting on this machine kind). */
async function pgBoss(schema: string): Promise<{ insert: number; consume: number }> {
  const boss = new PgBoss({ connectionString: POSTGRES_URL, schema, max: 5 });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.createQueue('ping');
  const jobs = Array.from({ length: COUNT }, (_, n) => ({ name: 'ping', data: { n } }));
  const insert = await timed(async () => {
    for (let i = 0; i < COUNT; i += 1000) await boss.insert(jobs.slice(i, i + 1000));
  });
  let handled = 0;
  let done!: () => void;
  const drained = new Promise<void>((resolve) => (done = resolve));
  const consume = await timed(async () => {
    for (let w = 0; w < 4; w++)
      await boss.work('ping', { batchSize: 1000, pollingIntervalSeconds: 0.5 }, async (batch) => {
        handled += batch.length;
        if (handled >= COUNT) done();
      });
    await drained;
  });
  await boss.stop({ graceful: false, wait: true });
  return { insert, consume };
}

/** graphile-worker: addJobs in bulk, then one runner with concurrency 10 and its defaults. */
async function graphileWorker(schema: string): Promise<{ insert: number; consume: number }> {
  const utils = await makeWorkerUtils({ connectionString: POSTGRES_URL, schema });
  await utils.migrate();
  const specs = Array.from({ length: COUNT }, (_, n) => ({ identifier: 'ping', payload: { n } }));
  const insert = await timed(async () => {
    for (let i = 0; i < COUNT; i += 1000) await utils.addJobs(specs.slice(i, i + 1000));
  });
  await utils.release();
  let handled = 0;
  let done!: () => void;
  const drained = new Promise<void>((resolve) => (done = resolve));
  let runner: Runner | undefined;
  const consume = await timed(async () => {
    runner = await run({
      connectionString: POSTGRES_URL,
      schema,
      concurrency: 10,
      noHandleSignals: true,
      logger: new Logger(() => () => undefined),
      taskList: {
        ping: async () => {
          if (++handled >= COUNT) done();
        },
      },
    });
    await drained;
  });
  // Completions are batched: they may still be on their way when the last job has run, and the
  // schema is dropped next (a completion after that crashed the bench, one before kept it alive).
  await untilNoJobsLeft(schema);
  await runner?.stop();
  await runner?.promise;
  return { insert, consume };
}

async function untilNoJobsLeft(schema: string): Promise<void> {
  const client = new pg.Client(POSTGRES_URL);
  await client.connect();
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await client.query<{ left: string }>(`SELECT count(*) AS left FROM ${schema}._private_jobs`);
      if (rows[0]!.left === '0') return;
      if (Date.now() > deadline)
        throw new Error(`graphile-worker still had ${rows[0]!.left} jobs 30 s after running the last one`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client(POSTGRES_URL);
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

const best = (values: readonly number[]): number => Math.min(...values);
const label = (name: string, [fetchSize, concurrency]: readonly [number, number]): string =>
  `ours, ${name}, fetch-size ${fetchSize}, concurrency ${concurrency}`;

async function bench(
  name: keyof typeof ROUNDS,
  raw: (round: number) => Promise<Raw>,
  dsn: (round: number) => string,
  cleanup: () => Promise<void>,
  peers: (round: number) => Promise<Array<{ label: string; insertLabel: string; insert: number; consume: number }>>,
): Promise<void> {
  const raws: Raw[] = [];
  const ours: Ours[] = [];
  const peerRuns: Array<Array<{ label: string; insertLabel: string; insert: number; consume: number }>> = [];
  for (let round = 0; round < ROUNDS[name]; round++) {
    raws.push(await raw(round));
    ours.push(await throughMessenger(dsn(round)));
    await cleanup();
    peerRuns.push(await peers(round));
  }
  const count = COUNT.toLocaleString('en-US');
  const settings = SETTINGS.map((setting, i) => rate(label(name, setting), best(ours.map((o) => o.consume[i]!))));
  const rawConsume = rate(`raw driver: take 1 + DELETE 1, ${name}`, best(raws.map((r) => r.consume)));
  const rawBatched = rate(
    `raw driver: take ${BATCH} + DELETE ${BATCH}, ${name}`,
    best(raws.map((r) => r.consumeBatched)),
  );
  const peerRates = (peerRuns[0] ?? []).map((p, i) => rate(p.label, best(peerRuns.map((r) => r[i]!.consume))));
  const dispatchRate = rate(`bus.dispatch to the ${name} transport, one by one`, best(ours.map((o) => o.insert)));
  const sendManyRate = rate(`transport sendMany() to ${name}`, best(ours.map((o) => o.insertMany)));
  const rawInsert = rate(`raw driver: INSERT one by one, ${name}`, best(raws.map((r) => r.insert)));
  const peerInserts = (peerRuns[0] ?? []).map((p, i) => rate(p.insertLabel, best(peerRuns.map((r) => r[i]!.insert))));
  const bestOurs = settings.reduce((a, b) => (b.opsPerSecond > a.opsPerSecond ? b : a));
  report(
    `Worker on ${name} (${count} messages, no-op handler; msg/s)`,
    [...settings, rawConsume, rawBatched, ...peerRates, dispatchRate, sendManyRate, rawInsert, ...peerInserts],
    [
      ratio('ours (1,1) / raw take 1 + DELETE 1', settings[0]!, rawConsume),
      ratio('ours best / raw batched loop', bestOurs, rawBatched),
      ...peerRates.map((p) => ratio(`ours best / ${p.label.split(',')[0]}`, bestOurs, p)),
      ratio('dispatch / raw INSERT (send)', dispatchRate, rawInsert),
    ],
    `goals: (1,1) >= 0.7 x raw take 1; best >= 0.7 x raw batched loop${peerRates.length > 0 ? '; best >= 1.0 x graphile-worker' : ''}; best of ${ROUNDS[name]} rounds each`,
  );
}

const table = `bench_${process.pid}`;
await bench(
  'SQLite',
  (round) => sqliteRaw(join(dir, `raw-${round}.db`), 'raw_messages'),
  (round) => `sqlite://${join(dir, `messenger-${round}.db`)}`,
  async () => {},
  async () => [],
);
await bench(
  'PostgreSQL',
  () => postgresRaw(`${table}_raw`),
  () => `${POSTGRES_URL}?table_name=${table}`,
  async () => {
    const client = new pg.Client(POSTGRES_URL);
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS ${table} CASCADE; DROP FUNCTION IF EXISTS notify_${table}() CASCADE`);
    await client.end();
  },
  async () => {
    const boss = await pgBoss(`${table}_pgboss`);
    await dropSchema(`${table}_pgboss`);
    const graphile = await graphileWorker(`${table}_graphile`);
    await dropSchema(`${table}_graphile`);
    return [
      {
        label: `pg-boss ${PG_BOSS_VERSION}, work() batchSize 1000 x 4`,
        insertLabel: `pg-boss insert() in bulk`,
        ...boss,
      },
      {
        label: `graphile-worker ${GRAPHILE_VERSION}, concurrency 10`,
        insertLabel: `graphile-worker addJobs() in bulk`,
        ...graphile,
      },
    ];
  },
);
// Everything is reported: end here, whatever a peer left behind (graphile-worker's late batched
// completion once kept this process alive with every connection closed; it is now waited for).
process.exit(0);
