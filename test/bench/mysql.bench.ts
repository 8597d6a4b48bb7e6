/**
 * The worker consuming 5,000 messages (no-op handler) from the Doctrine transport on MariaDB
 * (127.0.0.1, the machine's server) at fetch size 1 (Symfony's default) and 50, next to a raw
 * mysql2 loop running the transport's own SQL (transport/doctrine/sql.ts) in the same run: per
 * message the take (SELECT … FOR UPDATE SKIP LOCKED, UPDATE, COMMIT in one query) and the
 * DELETE; batched, the take of 50 (one query) and one DELETE of the 50; and the INSERT for
 * sending. Sides alternate; the best of ROUNDS rounds of each is kept.
 */
import mysql from 'mysql2/promise';
import { formatTimestamp, schemaSql, statements } from '../../runtime/src/transport/doctrine/sql.js';
import { throughMessenger } from './support/consume.js';
import { ratio, report } from './support/measure.js';
import { bestPhasesOfRounds, rate, scratchDir, timed } from './support/transportBench.js';

const COUNT = 5_000;
const ROUNDS = 2;
const MYSQL_URL = process.env['MESSENGER_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';
const dir = scratchDir('mysql');
const HEADERS = JSON.stringify({ type: 'Ping', 'Content-Type': 'application/json' });
const connect = () => mysql.createConnection({ uri: MYSQL_URL, multipleStatements: true, dateStrings: true });

const BATCH = 50;

/** The transport's SQL straight through mysql2: INSERT one by one, then take `batch` at a time (1: the single-row take) and DELETE them. */
async function raw(table: string, batch: number): Promise<{ dispatch: number; consume: number }> {
  const connection = await connect();
  await connection.query(schemaSql(table, 'mysql'));
  const sql = statements(table, 'mysql');
  const dispatch = await timed(async () => {
    for (let i = 0; i < COUNT; i++) {
      const now = formatTimestamp(Date.now());
      await connection.query(sql.insert, [`{"n":${i}}`, HEADERS, 'default', now, now]);
    }
  });
  const consume = await timed(async () => {
    for (;;) {
      const now = Date.now();
      // delivered_at, the queue, the redelivery cutoff, now (then LIMIT for a batch).
      const params = [formatTimestamp(now), 'default', formatTimestamp(now - 3_600_000), formatTimestamp(now)];
      const [results] = await connection.query(
        batch === 1 ? sql.take(1) : sql.takeMany!(1),
        batch === 1 ? params : [...params, batch],
      );
      const rows = (results as unknown[]).filter(Array.isArray).at(-1) as Array<{ id: string }>;
      if (rows.length === 0) break;
      if (batch === 1) await connection.query(sql.delete, [rows[0]!.id]);
      else await connection.query(sql.deleteMany, [rows.map((r) => r.id)]);
    }
  });
  await connection.query(`DROP TABLE ${table}`);
  await connection.end();
  return { dispatch, consume };
}

const table = `bench_${process.pid}`;
/** Ours at a fetch size: a table of its own per round, dropped after. */
const ours = async (round: number, fetchSize: number) => {
  const name = `${table}_${fetchSize}_${round}`;
  const seconds = await throughMessenger(dir, `${MYSQL_URL}?table_name=${name}`, COUNT, 1_000, fetchSize);
  const connection = await connect();
  await connection.query(`DROP TABLE IF EXISTS ${name}`);
  await connection.end();
  return seconds;
};
const best = await bestPhasesOfRounds(ROUNDS, {
  raw: () => raw(`${table}_raw`, 1),
  rawBatched: () => raw(`${table}_raw_batched`, BATCH),
  ours: (round) => ours(round, 1),
  oursBatched: (round) => ours(round, BATCH),
});
const count = COUNT.toLocaleString('en-US');
const worker = rate(`worker consume, MariaDB, no-op (${count} messages), fetch-size 1`, COUNT, best.ours.consume);
const workerBatched = rate(`worker consume, fetch-size ${BATCH}`, COUNT, best.oursBatched.consume);
const rawConsume = rate('raw mysql2: take (one query) + DELETE', COUNT, best.raw.consume);
const rawBatched = rate(`raw mysql2: take ${BATCH} (one query) + DELETE ${BATCH}`, COUNT, best.rawBatched.consume);
const dispatch = rate('bus.dispatch to the MariaDB transport', COUNT, best.ours.dispatch);
const rawInsert = rate('raw mysql2: INSERT + LAST_INSERT_ID()', COUNT, best.raw.dispatch);
report(
  'Worker on MariaDB',
  [worker, workerBatched, rawConsume, rawBatched, dispatch, rawInsert],
  [
    ratio('worker / raw mysql2 loop (consume, fetch-size 1)', worker, rawConsume),
    ratio(`worker / raw mysql2 loop (consume, batches of ${BATCH})`, workerBatched, rawBatched),
    ratio('dispatch / raw INSERT (send)', dispatch, rawInsert),
  ],
  `goal: worker >= 0.7 x raw driver loop; best of ${ROUNDS} rounds each`,
);
