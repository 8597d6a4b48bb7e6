import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection as MySqlConnection, ConnectionOptions, QueryError } from 'mysql2/promise';
import type { Logger } from '../../log/Logger.js';
import { errorMessage } from '../../support/errorMessage.js';
import { type Driver, DriverException } from './Driver.js';
import { checkServerVersion } from './mysqlVersion.js';

type MySqlModule = typeof import('mysql2/promise');

/** How long connecting may take before it fails (the default would wait 10 s per attempt anyway; said here so it is a decision). */
const CONNECT_TIMEOUT_MS = 10_000;

/** How long closing may take: a server that went away never answers the goodbye. */
const CLOSE_TIMEOUT_MS = 2_000;

/**
 * Server errors worth running the statement again for: a deadlock (1213) or a lock wait timeout
 * (1205), a server shutting down (1053), a connection killed (1927, MariaDB) or lost
 * (2006, 2013).
 */
const RETRYABLE_ERRNOS = new Set([1053, 1205, 1213, 1927, 2006, 2013]);

/**
 * MySQL or MariaDB through one mysql2 connection, opened on first use (and again after it was
 * lost), whose server version is checked once: taking a message needs SELECT … FOR UPDATE
 * SKIP LOCKED. Statements go as text queries, several to a query where the SQL says so (see
 * sql.ts), with the values escaped by mysql2; dates come back as the strings they were written.
 */
export class MySqlDriver implements Driver {
  readonly platform = 'mysql';
  private connection: MySqlConnection | undefined;
  private connecting: Promise<MySqlConnection> | undefined;
  private versionChecked = false;
  private closed = false;
  private logger: Logger | undefined;
  /** When the connection in use was lost (ms), until a new one is open: the recovery is logged with the outage's length. */
  private lostAt: number | undefined;

  constructor(
    private readonly mysql: MySqlModule,
    private readonly config: ConnectionOptions,
    readonly label: string,
  ) {}

  async all<R>(sql: string, params: readonly unknown[]): Promise<R[]> {
    return lastRows<R>(await this.query(sql, params));
  }

  async run(sql: string, params: readonly unknown[]): Promise<number> {
    const result = await this.query(sql, params);
    return (result as { affectedRows?: number }).affectedRows ?? 0;
  }

  /** The schema is DDL, which MySQL commits statement by statement: it is one CREATE TABLE IF NOT EXISTS. */
  async script(sql: string): Promise<void> {
    await this.query(sql, []);
  }

  async tableExists(table: string): Promise<boolean> {
    const dot = table.indexOf('.');
    const rows = await this.all(
      'SELECT 1 AS found FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?',
      dot === -1 ? [null, table] : [table.slice(0, dot), table.slice(dot + 1)],
    );
    return rows.length > 0;
  }

  setLogger(logger: Logger): void {
    this.logger = logger;
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection ?? (await this.connecting?.catch(() => undefined));
    this.connection = undefined;
    this.connecting = undefined;
    if (connection !== undefined) await endWithin(connection, CLOSE_TIMEOUT_MS);
  }

  private async query(sql: string, params: readonly unknown[]): Promise<unknown> {
    const connection = await this.connect();
    try {
      const [result] = await connection.query({ sql, values: params as unknown[] });
      return result;
    } catch (error) {
      throw await this.wrap(error, connection, sql);
    }
  }

  private connect(): Promise<MySqlConnection> {
    if (this.connection !== undefined) return Promise.resolve(this.connection);
    if (this.closed) return Promise.reject(new DriverException(`${this.label}: the connection is closed.`));
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<MySqlConnection> {
    let connection: MySqlConnection;
    try {
      connection = await this.mysql.createConnection({
        connectTimeout: CONNECT_TIMEOUT_MS,
        // A connection dropped silently (a firewall, a failover) is noticed instead of waited on forever.
        enableKeepAlive: true,
        ...this.config,
        multipleStatements: true,
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        charset: 'utf8mb4',
      });
    } catch (error) {
      // The server may be restarting: the transport tries again a little later.
      throw new DriverException(`${this.label}: could not connect: ${errorMessage(error)}`, {
        code: (error as QueryError).code,
        retryable: !isAccessDenied(error),
        cause: error,
      });
    }
    // Without a listener, a connection lost while idle would crash the process; the next statement reconnects instead.
    connection.on('error', (error: unknown) => this.forget(connection, error));
    // Not closed by us here: mysql2 fails the statements in flight when the socket closes, unless
    // it was closed on purpose, and then they would never settle (a worker hung on its take).
    connection.on('end', () => this.forget(connection, 'the server closed the connection', false));
    if (!this.versionChecked) await this.checkVersion(connection);
    this.connection = connection;
    if (this.lostAt !== undefined) {
      this.logger?.log('info', 'Reconnected to {database} after {seconds} s.', {
        database: this.label,
        seconds: Math.round((Date.now() - this.lostAt) / 100) / 10,
      });
      this.lostAt = undefined;
    }
    return connection;
  }

  private async checkVersion(connection: MySqlConnection): Promise<void> {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const refusal = checkServerVersion(String((rows as Array<{ version: unknown }>)[0]?.version ?? ''));
    if (refusal !== undefined) {
      connection.destroy();
      throw new DriverException(`${this.label}: ${refusal}`);
    }
    this.versionChecked = true;
  }

  private forget(connection: MySqlConnection, reason: unknown, destroy = true): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    if (destroy) connection.destroy();
    if (this.closed) return;
    this.lostAt = Date.now();
    this.logger?.log('warning', 'Lost the connection to {database}: {error}. Reconnecting on next use.', {
      database: this.label,
      error: errorMessage(reason),
    });
  }

  private async wrap(error: unknown, connection: MySqlConnection, sql: string): Promise<DriverException> {
    const failure = error as Partial<QueryError>;
    const message = errorMessage(error);
    if (failure.fatal === true) this.forget(connection, message);
    // A statement of a multi-statement query failed: the transaction it opened must not stay open.
    else if (sql.includes('START TRANSACTION')) await connection.query('ROLLBACK').catch(() => undefined);
    return new DriverException(`${this.label}: ${message}`, {
      code: failure.code,
      retryable: failure.fatal === true || RETRYABLE_ERRNOS.has(failure.errno ?? 0),
      cause: error,
    });
  }
}

/** The rows of the last statement that returned rows (a query of several statements returns one result each). */
function lastRows<R>(result: unknown): R[] {
  if (!Array.isArray(result)) return [];
  // One statement: an array of rows. Several: an array of results, each rows or a summary (ResultSetHeader).
  const results = result.length > 0 && result.every((r) => Array.isArray(r) || isSummary(r)) ? result : [result];
  for (let i = results.length - 1; i >= 0; i--) if (Array.isArray(results[i])) return results[i] as R[];
  return [];
}

function isSummary(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'affectedRows' in value && 'insertId' in value;
}

/** Wrong credentials will not get better by trying again. */
function isAccessDenied(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR' || code === 'ER_BAD_DB_ERROR';
}

/** Ends a connection, waiting at most `ms`, then drops it. */
async function endWithin(connection: MySqlConnection, ms: number): Promise<void> {
  const deadline = new AbortController();
  const ended = await Promise.race([
    connection.end().then(
      () => true,
      () => false,
    ),
    sleep(ms, false, { signal: deadline.signal }).catch(() => false),
  ]);
  deadline.abort();
  if (!ended) connection.destroy();
}
