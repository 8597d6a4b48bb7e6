/**
 * The worker consuming 10,000 messages (no-op handler) from the SQLite and the PostgreSQL
 * transports, next to the same SQL done directly with the driver in the same run: the INSERT
 * of each message, then, per message, the statement that takes the next one (UPDATE …
 * RETURNING) and the DELETE that acknowledges it. The ratio is what the messenger costs on top
 * of the database work: serialization, the bus, the worker's events and acknowledgements.
 *
 * Database timings vary with the disk (WAL writes, checkpoints, fsync on PostgreSQL commits):
 * each side runs several rounds, alternating, and the best round of each is reported.
 */
import { AsMessageHandler, createMessenger, type Messenger } from '@messenger-ts/runtime';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type Measurement, ratio, report } from './support/measure.js';

const COUNT = 10_000;
const ROUNDS = { SQLite: 3, PostgreSQL: 2 } as const;
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
function statements(table: string, placeholder: (n: number) => string, lock: string) {
  const p = (n: number): string => placeholder(n);
  return {
    create: `CREATE TABLE ${table} (id ${lock ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT'}, body TEXT NOT NULL, headers TEXT NOT NULL, queue_name VARCHAR(190) NOT NULL, created_at ${lock ? 'TIMESTAMP(3)' : 'DATETIME'} NOT NULL, available_at ${lock ? 'TIMESTAMP(3)' : 'DATETIME'} NOT NULL, delivered_at ${lock ? 'TIMESTAMP(3)' : 'DATETIME'} DEFAULT NULL);
      CREATE INDEX ${table}_qa ON ${table} (queue_name, available_at, id)`,
    insert: `INSERT INTO ${table} (body, headers, queue_name, created_at, available_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}) RETURNING id`,
    take: `UPDATE ${table} SET delivered_at = ${p(1)} WHERE id = (SELECT id FROM ${table} WHERE queue_name = ${p(2)} AND (delivered_at IS NULL OR delivered_at < ${p(3)}) AND available_at <= ${p(4)} ORDER BY available_at ASC, id ASC LIMIT 1${lock}) RETURNING id, body, headers`,
    delete: `DELETE FROM ${table} WHERE id = ${p(1)}`,
  };
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
const HEADERS = JSON.stringify({
  type: 'Ping',
  'X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\BusNameStamp': '[{"busName":"messenger.bus.default"}]',
  'Content-Type': 'application/json',
});

async function sqliteRaw(file: string, table: string): Promise<{ insert: number; consume: number }> {
  const db = new Database(file, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const sql = statements(table, () => '?', '');
  db.exec(sql.create);
  const insert = db.prepare(sql.insert);
  const take = db.prepare(sql.take);
  const remove = db.prepare(sql.delete);
  const insertSeconds = await timed(() => {
    for (let i = 0; i < COUNT; i++) {
      const now = stamp(Date.now());
      insert.get(`{"n":${i}}`, HEADERS, 'default', now, now);
    }
  });
  const consumeSeconds = await timed(() => {
    for (;;) {
      const now = Date.now();
      const row = take.get(stamp(now), 'default', stamp(now - 3_600_000), stamp(now)) as { id: number } | undefined;
      if (row === undefined) break;
      remove.run(row.id);
    }
  });
  db.close();
  return { insert: insertSeconds, consume: consumeSeconds };
}

async function postgresRaw(table: string): Promise<{ insert: number; consume: number }> {
  const client = new pg.Client(POSTGRES_URL);
  await client.connect();
  const sql = statements(table, (n) => `$${n}`, ' FOR UPDATE SKIP LOCKED');
  await client.query(sql.create);
  const insertSeconds = await timed(async () => {
    for (let i = 0; i < COUNT; i++) {
      const now = stamp(Date.now());
      await client.query({ name: 'insert', text: sql.insert, values: [`{"n":${i}}`, HEADERS, 'default', now, now] });
    }
  });
  const consumeSeconds = await timed(async () => {
    for (;;) {
      const now = Date.now();
      const { rows } = await client.query({
        name: 'take',
        text: sql.take,
        values: [stamp(now), 'default', stamp(now - 3_600_000), stamp(now)],
      });
      if (rows.length === 0) break;
      await client.query({ name: 'delete', text: sql.delete, values: [rows[0].id] });
    }
  });
  await client.query(`DROP TABLE ${table}`);
  await client.end();
  return { insert: insertSeconds, consume: consumeSeconds };
}

/** Dispatches COUNT messages to the transport, then consumes them with a worker. */
async function throughMessenger(dsn: string): Promise<{ insert: number; consume: number; messenger: Messenger }> {
  const projectDir = join(dir, `project-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(projectDir, 'config', 'packages'), { recursive: true });
  writeFileSync(
    join(projectDir, 'config', 'packages', 'messenger.yaml'),
    `framework:\n  messenger:\n    transports:\n      async: '${dsn}'\n    routing:\n      Ping: async\n`,
  );
  const messenger = await createMessenger({ projectDir, handlers: [PingHandler] });
  await messenger.dispatch(new Ping(-1));
  const worker = messenger.createWorker({ receivers: ['async'], limit: COUNT + 1, stopOnRestartSignal: false });
  const insert = await timed(async () => {
    for (let i = 0; i < COUNT; i++) await messenger.dispatch(new Ping(i));
  });
  const consume = await timed(() => worker.run({ sleep: 0 }));
  return { insert, consume, messenger };
}

async function bench(
  name: keyof typeof ROUNDS,
  raw: (round: number) => Promise<{ insert: number; consume: number }>,
  dsn: (round: number) => string,
  cleanup: () => Promise<void>,
): Promise<void> {
  const direct = { insert: Infinity, consume: Infinity };
  const viaMessenger = { insert: Infinity, consume: Infinity };
  for (let round = 0; round < ROUNDS[name]; round++) {
    const r = await raw(round);
    const m = await throughMessenger(dsn(round));
    await m.messenger.close();
    await cleanup();
    direct.insert = Math.min(direct.insert, r.insert);
    direct.consume = Math.min(direct.consume, r.consume);
    viaMessenger.insert = Math.min(viaMessenger.insert, m.insert);
    viaMessenger.consume = Math.min(viaMessenger.consume, m.consume);
  }
  const workerRate = rate(
    `worker consume, ${name}, no-op handler (${COUNT.toLocaleString('en-US')} messages)`,
    viaMessenger.consume,
  );
  const rawConsume = rate(`raw driver: take (UPDATE … RETURNING) + DELETE, ${name}`, direct.consume);
  const dispatchRate = rate(`bus.dispatch to the ${name} transport`, viaMessenger.insert);
  const rawInsert = rate(`raw driver: INSERT, ${name}`, direct.insert);
  report(
    `Worker on ${name}`,
    [workerRate, rawConsume, dispatchRate, rawInsert],
    [
      ratio('worker / raw driver loop (consume)', workerRate, rawConsume),
      ratio('dispatch / raw INSERT (send)', dispatchRate, rawInsert),
    ],
    `goal: worker >= 0.7 x raw driver loop; best of ${ROUNDS[name]} rounds each`,
  );
}

const table = `bench_${process.pid}`;
await bench(
  'SQLite',
  (round) => sqliteRaw(join(dir, `raw-${round}.db`), 'raw_messages'),
  (round) => `sqlite://${join(dir, `messenger-${round}.db`)}`,
  async () => {},
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
);
