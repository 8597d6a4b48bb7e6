import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { tempProject } from './tempProject.js';

/** The PostgreSQL server of the machine (.ci/run starts it). A test that cannot reach it fails. */
export const POSTGRES_URL = process.env['MESSENGER_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A real database for one test: a fresh SQLite file, or a fresh table in PostgreSQL. */
export interface TestDatabase {
  readonly platform: 'sqlite' | 'postgresql';
  /** A DSN on this database; `options` go in its query (table_name is set for PostgreSQL). */
  dsn(options?: Readonly<Record<string, string | number | boolean>>): string;
  /** The project directory the test's messenger uses. */
  readonly projectDir: string;
  /** Runs SQL directly (to insert broken rows, or look at the table). */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  readonly table: string;
  cleanup(): Promise<void>;
}

export function sqliteDatabase(projectDir: string = tempProject()): TestDatabase {
  const file = join(projectDir, 'var', 'test.db');
  let db: import('better-sqlite3').Database | undefined;
  return {
    platform: 'sqlite',
    projectDir,
    table: 'messenger_messages',
    dsn: (options = {}) => withQuery(`sqlite://${file}`, options),
    async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
      if (db === undefined) {
        const { default: Database } = await import('better-sqlite3');
        db = new Database(file, { timeout: 10_000 });
      }
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...params) as R[];
      statement.run(...params);
      return [];
    },
    async cleanup() {
      db?.close();
    },
  };
}

export function postgresDatabase(projectDir: string = tempProject()): TestDatabase {
  if (process.env['MESSENGER_TEST_TIER'] === 'unit')
    throw new Error(
      'This test needs PostgreSQL, which `npm run test:unit` leaves out: list its file in FULL_ONLY (test/run.mjs).',
    );
  const table = `messenger_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  let client: pg.Client | undefined;
  const connect = async (): Promise<pg.Client> => {
    if (client === undefined) {
      client = new pg.Client(POSTGRES_URL);
      await client.connect();
    }
    return client;
  };
  return {
    platform: 'postgresql',
    projectDir,
    table,
    dsn: (options = {}) => withQuery(POSTGRES_URL, { table_name: table, ...options }),
    async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
      let index = 0;
      return (
        await (
          await connect()
        ).query(
          sql.replace(/\?/g, () => `$${++index}`),
          params,
        )
      ).rows as R[];
    },
    async cleanup() {
      const c = await connect();
      await c.query(`DROP TABLE IF EXISTS ${table} CASCADE; DROP FUNCTION IF EXISTS notify_${table}() CASCADE`);
      await c.end();
    },
  };
}

/** Both databases, for suites that must pass on each. */
export const DATABASES = [
  { platform: 'sqlite', create: sqliteDatabase },
  { platform: 'postgresql', create: postgresDatabase },
] as const;

function withQuery(dsn: string, options: Readonly<Record<string, string | number | boolean>>): string {
  const query = new URLSearchParams(
    Object.entries(options).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return query === '' ? dsn : `${dsn}${dsn.includes('?') ? '&' : '?'}${query}`;
}
