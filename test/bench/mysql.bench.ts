/**
 * The worker consuming 5,000 messages (no-op handler) from the Doctrine transport on MariaDB
 * (127.0.0.1, the machine's server), next to a raw mysql2 loop running the transport's own SQL
 * (transport/doctrine/sql.ts) in the same run: per message the take (SELECT … FOR UPDATE SKIP
 * LOCKED, UPDATE, COMMIT in one query) and the DELETE; and the INSERT for sending. Sides
 * alternate; the best of ROUNDS rounds of each is kept.
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
const best = await bestPhasesOfRounds(ROUNDS, {
  raw: () => raw(`${table}_raw`),
  ours: async (round) => {
    const seconds = await throughMessenger(dir, `${MYSQL_URL}?table_name=${table}_${round}`, COUNT, 1_000);
    const connection = await connect();
    await connection.query(`DROP TABLE IF EXISTS ${table}_${round}`);
    await connection.end();
    return seconds;
  },
});
const worker = rate(
  `worker consume, MariaDB, no-op (${COUNT.toLocaleString('en-US')} messages)`,
  COUNT,
  best.ours.consume,
);
const rawConsume = rate('raw mysql2: take (one query) + DELETE', COUNT, best.raw.consume);
const dispatch = rate('bus.dispatch to the MariaDB transport', COUNT, best.ours.dispatch);
const rawInsert = rate('raw mysql2: INSERT + LAST_INSERT_ID()', COUNT, best.raw.dispatch);
report(
  'Worker on MariaDB',
  [worker, rawConsume, dispatch, rawInsert],
  [
    ratio('worker / raw mysql2 loop (consume)', worker, rawConsume),
    ratio('dispatch / raw INSERT (send)', dispatch, rawInsert),
  ],
  `goal: worker >= 0.7 x raw driver loop; best of ${ROUNDS} rounds each`,
);
