/**
 * The worker consuming 5,000 messages (no-op handler) from the Doctrine transport on MariaDB
 * (127.0.0.1, the machine's server), next to a raw mysql2 loop running the transport's own SQL
 * (transport/doctrine/sql.ts) in the same run: per message the take (SELECT … FOR UPDATE SKIP
 * LOCKED, UPDATE, COMMIT in one query) and the DELETE; and the INSERT for sending. Sides
 * alternate; the best of ROUNDS rounds of each is kept.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { formatTimestamp, schemaSql, statements } from '../../runtime/src/transport/doctrine/sql.js';
import { throughMessenger } from './support/consume.js';
import { type Measurement, ratio, report } from './support/measure.js';

const COUNT = 5_000;
const ROUNDS = 2;
const MYSQL_URL = process.env['MESSENGER_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';
const dir = join(tmpdir(), `bench-mysql-${process.pid}`);
mkdirSync(dir, { recursive: true });
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const HEADERS = JSON.stringify({ type: 'Ping', 'Content-Type': 'application/json' });
const connect = () => mysql.createConnection({ uri: MYSQL_URL, multipleStatements: true, dateStrings: true });

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function raw(table: string): Promise<{ dispatch: number; consume: number }> {
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
      const [results] = await connection.query(sql.take(1), [
        formatTimestamp(now),
        'default',
        formatTimestamp(now - 3_600_000),
        formatTimestamp(now),
      ]);
      const rows = (results as unknown[]).at(-1) as Array<{ id: string }>;
      if (!Array.isArray(rows) || rows.length === 0) break;
      await connection.query(sql.delete, [rows[0]!.id]);
    }
  });
  await connection.query(`DROP TABLE ${table}`);
  await connection.end();
  return { dispatch, consume };
}

const table = `bench_${process.pid}`;
const best = { raw: { dispatch: Infinity, consume: Infinity }, ours: { dispatch: Infinity, consume: Infinity } };
for (let round = 0; round < ROUNDS; round++) {
  const r = await raw(`${table}_raw`);
  const m = await throughMessenger(dir, `${MYSQL_URL}?table_name=${table}_${round}`, COUNT, 1_000);
  const connection = await connect();
  await connection.query(`DROP TABLE IF EXISTS ${table}_${round}`);
  await connection.end();
  for (const [side, result] of [
    ['raw', r],
    ['ours', m],
  ] as const) {
    best[side].dispatch = Math.min(best[side].dispatch, result.dispatch);
    best[side].consume = Math.min(best[side].consume, result.consume);
  }
}
const rate = (label: string, seconds: number): Measurement => ({ label, opsPerSecond: COUNT / seconds });
const worker = rate(`worker consume, MariaDB, no-op (${COUNT.toLocaleString('en-US')} messages)`, best.ours.consume);
const rawConsume = rate('raw mysql2: take (one query) + DELETE', best.raw.consume);
const dispatch = rate('bus.dispatch to the MariaDB transport', best.ours.dispatch);
const rawInsert = rate('raw mysql2: INSERT + LAST_INSERT_ID()', best.raw.dispatch);
report(
  'Worker on MariaDB',
  [worker, rawConsume, dispatch, rawInsert],
  [
    ratio('worker / raw mysql2 loop (consume)', worker, rawConsume),
    ratio('dispatch / raw INSERT (send)', dispatch, rawInsert),
  ],
  `goal: worker >= 0.7 x raw driver loop; best of ${ROUNDS} rounds each`,
);
