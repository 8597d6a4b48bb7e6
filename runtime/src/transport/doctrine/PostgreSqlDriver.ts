import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { Logger } from '../../log/Logger.js';
import { errorMessage } from '../../support/errorMessage.js';
import { type Driver, DriverException } from './Driver.js';

type PgModule = typeof pg;

export interface Notification {
  readonly channel: string;
  readonly payload: string | undefined;
}

/** How long connecting may take before it fails (the default would wait forever on a silent network). */
const CONNECT_TIMEOUT_MS = 10_000;

/** How long closing may take: after a failed connect, pg's `client.end()` may never settle. */
const CLOSE_TIMEOUT_MS = 2_000;

/**
 * SQLSTATEs worth running the statement again for: connection exceptions (08…), serialization
 * failures and deadlocks (40001, 40P01), lock timeouts (55P03), and a server shutting down or
 * restarting (57P01-57P03).
 */
const RETRYABLE = /^(08|40001$|40P01$|55P03$|57P0[123]$)/;

/**
 * PostgreSQL through one pg client, connected on first use and again after the connection
 * was lost. Statements are prepared once per connection (named). Notifications (LISTEN) are
 * passed to the listeners, and so is the loss of the connection: LISTEN does not survive it,
 * and notifications sent meanwhile are missed.
 */
export class PostgreSqlDriver implements Driver {
  readonly platform = 'postgresql';
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly prepared = new Map<string, { readonly name: string; readonly text: string }>();
  private readonly notificationListeners = new Set<(notification: Notification) => void>();
  private readonly lostListeners = new Set<() => void>();
  private closed = false;
  private logger: Logger | undefined;
  /** When the connection in use was lost (ms), until a new one is open: the recovery is logged with the outage's length. */
  private lostAt: number | undefined;

  constructor(
    private readonly pg: PgModule,
    private readonly config: pg.ClientConfig,
    readonly label: string,
  ) {}

  async all<R>(sql: string, params: readonly unknown[]): Promise<R[]> {
    const client = await this.connect();
    try {
      const result = await client.query<R & pg.QueryResultRow>({ ...this.statement(sql), values: params as unknown[] });
      return result.rows;
    } catch (error) {
      throw this.wrap(error, client);
    }
  }

  async run(sql: string, params: readonly unknown[]): Promise<number> {
    const client = await this.connect();
    try {
      return (await client.query({ ...this.statement(sql), values: params as unknown[] })).rowCount ?? 0;
    } catch (error) {
      throw this.wrap(error, client);
    }
  }

  async script(sql: string): Promise<void> {
    const client = await this.connect();
    try {
      // One simple-protocol query is one implicit transaction: if a statement fails, PostgreSQL
      // rolls back the others and the connection is ready for the next query. An explicit
      // BEGIN would leave it in an aborted transaction instead, refusing every later query.
      await client.query(sql);
    } catch (error) {
      throw this.wrap(error, client);
    }
  }

  async tableExists(table: string): Promise<boolean> {
    const rows = await this.all<{ found: boolean }>('SELECT to_regclass(?) IS NOT NULL AS found', [table]);
    return rows[0]?.found === true;
  }

  onNotification(listener: (notification: Notification) => void): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** Called when the connection in use is lost; the next statement reconnects. */
  onConnectionLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  setLogger(logger: Logger): void {
    this.logger = logger;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    this.connecting = undefined;
    if (client !== undefined) await endWithin(client, CLOSE_TIMEOUT_MS);
  }

  private connect(): Promise<pg.Client> {
    if (this.client !== undefined) return Promise.resolve(this.client);
    if (this.closed) return Promise.reject(new DriverException(`${this.label}: the connection is closed.`));
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    // TCP keepalive: a connection dropped silently (a firewall, a failover) is noticed instead of waiting forever.
    const client = new this.pg.Client({ keepAlive: true, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, ...this.config });
    // Without a listener, a lost connection would crash the process; the next query reconnects instead.
    client.on('error', (error) => this.forget(client, error));
    client.on('end', () => this.forget(client, 'the server closed the connection'));
    client.on('notification', (message) => {
      for (const listener of this.notificationListeners)
        listener({ channel: message.channel, payload: message.payload });
    });
    try {
      await client.connect();
    } catch (error) {
      // Not awaited: after some failures (an invalid port) end() never settles.
      client.end().catch(() => undefined);
      // The server may be restarting: the transport tries again a little later.
      throw new DriverException(`${this.label}: could not connect: ${(error as Error).message}`, {
        retryable: true,
        cause: error,
      });
    }
    this.client = client;
    if (this.lostAt !== undefined) {
      this.logger?.log('info', 'Reconnected to {database} after {seconds} s.', {
        database: this.label,
        seconds: Math.round((Date.now() - this.lostAt) / 100) / 10,
      });
      this.lostAt = undefined;
    }
    return client;
  }

  private forget(client: pg.Client, reason: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.closed) return;
    this.lostAt = Date.now();
    this.logger?.log('warning', 'Lost the connection to {database}: {error}. Reconnecting on next use.', {
      database: this.label,
      error: errorMessage(reason),
    });
    for (const listener of this.lostListeners) listener();
  }

  /** `?` → `$1, $2…`, and a statement name so PostgreSQL plans it once per connection. */
  private statement(sql: string): { readonly name: string; readonly text: string } {
    let statement = this.prepared.get(sql);
    if (statement === undefined) {
      let index = 0;
      statement = { name: `messenger_${this.prepared.size}`, text: sql.replace(/\?/g, () => `$${++index}`) };
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  private wrap(error: unknown, client: pg.Client): DriverException {
    const sqlState = error instanceof this.pg.DatabaseError ? error.code : undefined;
    // Connection-level failures (no SQLSTATE) leave the client unusable: reconnect next time.
    const message = errorMessage(error);
    if (sqlState === undefined) this.forget(client, message);
    return new DriverException(`${this.label}: ${message}`, {
      code: sqlState,
      retryable: sqlState === undefined || RETRYABLE.test(sqlState),
      cause: error,
    });
  }
}

/** Ends a client, waiting at most `ms`: a close that never settles must not hold up (or silently end) the process. */
async function endWithin(client: pg.Client, ms: number): Promise<void> {
  const deadline = new AbortController();
  await Promise.race([
    client.end().catch(() => undefined),
    sleep(ms, undefined, { signal: deadline.signal }).catch(() => undefined),
  ]);
  deadline.abort();
}
