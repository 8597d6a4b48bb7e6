import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { tempProject } from './tempProject.js';

/** The PostgreSQL server of the machine (.ci/run starts it). A test that cannot reach it fails. */
export const POSTGRES_URL = process.env['MESSENGER_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The MariaDB server of the machine (.ci/run starts it). A test that cannot reach it fails. */
export const MYSQL_URL = process.env['MESSENGER_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';

/** A real database for one test: a fresh SQLite file, or a fresh table in PostgreSQL or MariaDB. */
export interface TestDatabase {
  readonly platform: 'sqlite' | 'postgresql' | 'mysql';
  /** A DSN on this database; `options` go in its query (table_name is set for PostgreSQL and MariaDB). */
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

/** A table name no other test (of this process or another) uses. */
function uniqueTable(): string {
  return `messenger_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

function refuseInUnitTier(server: string): void {
  if (process.env['MESSENGER_TEST_TIER'] === 'unit')
    throw new Error(
      `This test needs ${server}, which \`npm run test:unit\` leaves out: list its file in FULL_ONLY (test/run.mjs).`,
    );
}

export function postgresDatabase(projectDir: string = tempProject()): TestDatabase {
  refuseInUnitTier('PostgreSQL');
  const table = uniqueTable();
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

export function mysqlDatabase(projectDir: string = tempProject()): TestDatabase {
  refuseInUnitTier('MariaDB');
  const table = uniqueTable();
  let connection: import('mysql2/promise').Connection | undefined;
  const connect = async (): Promise<import('mysql2/promise').Connection> => {
    if (connection === undefined) {
      const mysql = await import('mysql2/promise');
      connection = await mysql.createConnection({ uri: MYSQL_URL, dateStrings: true, supportBigNumbers: true });
    }
    return connection;
  };
  return {
    platform: 'mysql',
    projectDir,
    table,
    dsn: (options = {}) => withQuery(MYSQL_URL, { table_name: table, ...options }),
    async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
      const [rows] = await (await connect()).query(sql, params);
      return (Array.isArray(rows) ? rows : []) as R[];
    },
    async cleanup() {
      const c = await connect();
      await c.query(`DROP TABLE IF EXISTS ${table}`);
      await c.end();
    },
  };
}

/** Every database, for suites that must pass on each. */
export const DATABASES = [
  { platform: 'sqlite', create: sqliteDatabase },
  { platform: 'postgresql', create: postgresDatabase },
  { platform: 'mysql', create: mysqlDatabase },
] as const;

function withQuery(dsn: string, options: Readonly<Record<string, string | number | boolean>>): string {
  const query = new URLSearchParams(
    Object.entries(options).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return query === '' ? dsn : `${dsn}${dsn.includes('?') ? '&' : '?'}${query}`;
}
