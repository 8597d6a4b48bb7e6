import type pg from 'pg';
import { type Driver, DriverException } from './Driver.js';

type PgModule = typeof pg;

export interface Notification {
  readonly channel: string;
  readonly payload: string | undefined;
}

/**
 * PostgreSQL through one pg client, connected on first use and again after the connection
 * was lost. Statements are prepared once per connection (named). Notifications (LISTEN) are
 * passed to the listeners; `generation` changes on each new connection, so LISTEN can be
 * issued again.
 */
export class PostgreSqlDriver implements Driver {
  readonly platform = 'postgresql';
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly prepared = new Map<string, { readonly name: string; readonly text: string }>();
  private readonly notificationListeners = new Set<(notification: Notification) => void>();
  private connections = 0;
  private closed = false;

  constructor(
    private readonly pg: PgModule,
    private readonly config: pg.ClientConfig,
    readonly label: string,
  ) {}

  /** Increases each time a new connection is made. */
  get generation(): number {
    return this.connections;
  }

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
      // One simple-protocol query: its statements run in one implicit transaction, and no
      // other query of this client can slip in between.
      await client.query(`BEGIN;\n${sql};\nCOMMIT`);
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

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    this.connecting = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<pg.Client> {
    if (this.client !== undefined) return Promise.resolve(this.client);
    if (this.closed) return Promise.reject(new DriverException(`${this.label}: the connection is closed.`, false));
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = new this.pg.Client(this.config);
    // Without a listener, a lost connection would crash the process; the next query reconnects instead.
    client.on('error', () => this.forget(client));
    client.on('end', () => this.forget(client));
    client.on('notification', (message) => {
      for (const listener of this.notificationListeners) listener({ channel: message.channel, payload: message.payload });
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new DriverException(`${this.label}: could not connect: ${(error as Error).message}`, false, { cause: error });
    }
    this.connections++;
    this.client = client;
    return client;
  }

  private forget(client: pg.Client): void {
    if (this.client === client) this.client = undefined;
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
    const code = (error as { code?: string }).code;
    // Connection-level failures (no SQLSTATE) leave the client unusable: reconnect next time.
    if (code === undefined) this.forget(client);
    const message = error instanceof Error ? error.message : String(error);
    return new DriverException(`${this.label}: ${message}`, code === '42P01', { cause: error });
  }
}
