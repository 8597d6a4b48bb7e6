import type { Logger } from '../../log/Logger.js';
import { abortableWait } from '../abortableWait.js';
import type { QueueSnapshot, ReceiveOptions } from '../Transport.js';
import { InvalidArgumentException } from '../../errors/MessengerException.js';
import type { Driver } from './Driver.js';
import { DriverException } from './Driver.js';
import { encodeIds, formatTimestamp, parseTimestamp, schemaSql, statements, type Statements } from './sql.js';

/** How often a monitoring view's wait asks SQLite whether another connection wrote (a pragma, no table read). */
const DATA_VERSION_POLL_MS = 200;
const REVISION_POLL_MS = 1000;

/** A Doctrine transport's options, named as Symfony names them (see DoctrineTransportFactory). */
export interface DoctrineConfiguration {
  readonly tableName: string;
  readonly queueName: string;
  /** Seconds after which a message taken by a worker that never acknowledged it is delivered again. */
  readonly redeliverTimeout: number;
  readonly autoSetup: boolean;
  /** PostgreSQL: wake idle workers with LISTEN/NOTIFY instead of polling. */
  readonly useNotify: boolean;
  /** PostgreSQL with use_notify: milliseconds between checks for delayed messages (0: only when due). */
  readonly checkDelayedInterval: number;
  /** PostgreSQL with use_notify: milliseconds get() waits for a notification before returning empty. */
  readonly getNotifyTimeout: number;
}

/** A row of the messages table, headers still JSON text. */
export interface DoctrineRow {
  readonly id: string;
  readonly body: string;
  readonly headers: string;
  /** When it became available (ms), for the rows a worker takes. */
  readonly availableAt?: number;
}

interface RawRow {
  readonly id: number | string | bigint;
  readonly body: string;
  readonly headers: string;
  readonly available_at?: unknown;
}

/**
 * Symfony's Doctrine transport Connection: the SQL side of sending, taking, acknowledging
 * and listing messages in one queue of the messages table. The table is created on first use
 * when `auto_setup` is on (the default).
 */
export class Connection {
  protected readonly sql: Statements;
  /** When the last get() found the queue empty (ms); undefined while messages flow. */
  protected queueEmptiedAt: number | undefined;
  private ready: Promise<void> | undefined;

  constructor(
    readonly configuration: DoctrineConfiguration,
    protected readonly driver: Driver,
    protected readonly now: () => number = Date.now,
  ) {
    this.sql = statements(configuration.tableName, driver.platform);
  }

  /** Inserts a message, available after `delay` ms; returns its id. */
  async send(body: string, headers: Readonly<Record<string, string>>, delay = 0): Promise<string> {
    await this.ensureReady();
    const now = this.now();
    const availableAt = now + Math.max(0, Math.round(delay));
    const rows = await this.driver.all<RawRow>(this.sql.insert, [
      body,
      JSON.stringify(headers),
      this.configuration.queueName,
      formatTimestamp(now),
      formatTimestamp(availableAt),
    ]);
    return String(rows[0]!.id);
  }

  /** Takes the next available message of the queue (or of these queues), marking it delivered. */
  async get(
    queueNames: readonly string[] = [this.configuration.queueName],
    options?: ReceiveOptions,
  ): Promise<DoctrineRow | undefined> {
    return (await this.getMany(queueNames, { ...options, maxMessages: 1 }))[0];
  }

  /**
   * Takes up to `options.maxMessages` available messages (default 1), oldest first, marking
   * them delivered in one statement (on MySQL, one query of several statements): they are
   * protected by delivered_at from that moment, as a single message is.
   */
  async getMany(
    queueNames: readonly string[] = [this.configuration.queueName],
    options?: ReceiveOptions,
  ): Promise<DoctrineRow[]> {
    await this.ensureReady();
    const max = Math.max(1, Math.floor(options?.maxMessages ?? 1));
    const now = this.now();
    const params = [...queueNames, ...this.windowParams(now)];
    // An idle worker first looks without writing: on SQLite a write locks the whole file.
    if (
      this.queueEmptiedAt !== undefined &&
      (await this.driver.all(this.sql.probe(queueNames.length), params)).length === 0
    ) {
      this.queueEmptiedAt = now;
      return [];
    }
    const rows = await this.take(queueNames.length, [formatTimestamp(now), ...params], max);
    this.queueEmptiedAt = rows.length === 0 ? now : undefined;
    return rows;
  }

  private async take(queueCount: number, params: readonly unknown[], max: number): Promise<DoctrineRow[]> {
    const takeMany = this.sql.takeMany;
    if (max === 1 || takeMany === undefined) {
      const rows: DoctrineRow[] = [];
      while (rows.length < max) {
        const [row] = await this.driver.all<RawRow>(this.sql.take(queueCount), params);
        if (row === undefined) break;
        rows.push(toRow(row));
      }
      return rows;
    }
    const rows = (await this.driver.all<RawRow>(takeMany(queueCount), [...params, max])).map(toRow);
    // RETURNING says nothing of the order: the worker handles them as the queue orders them.
    return rows.sort((a, b) => (a.availableAt ?? 0) - (b.availableAt ?? 0) || compareIds(a.id, b.id));
  }

  /** Deletes a handled message. */
  ack(id: string): Promise<boolean> {
    return this.delete(id);
  }

  /** Deletes a failed message (the failure listeners have already sent it on). */
  reject(id: string): Promise<boolean> {
    return this.delete(id);
  }

  /** Deletes several messages (handled or failed) in one statement. */
  async deleteMany(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.driver.run(this.sql.deleteMany, [encodeIds(this.driver.platform, ids)]);
  }

  /** Gives back messages taken and not handled: available again at once, in their place in the queue. */
  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.driver.run(this.sql.release, [encodeIds(this.driver.platform, ids)]);
  }

  /**
   * Inserts several messages, in order, in one statement on PostgreSQL and one transaction on
   * SQLite (MySQL: one statement each); returns their ids.
   */
  async sendMany(
    messages: ReadonlyArray<{
      readonly body: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly delay?: number;
    }>,
  ): Promise<string[]> {
    await this.ensureReady();
    const now = this.now();
    const rows = messages.map(({ body, headers, delay = 0 }) => [
      body,
      JSON.stringify(headers),
      this.configuration.queueName,
      formatTimestamp(now),
      formatTimestamp(now + Math.max(0, Math.round(delay))),
    ]);
    if (this.sql.insertMany !== undefined) {
      const columns = [0, 1, 2, 3, 4].map((c) => rows.map((row) => row[c]));
      const ids = (await this.driver.all<RawRow>(this.sql.insertMany, columns)).map((r) => String(r.id));
      // Ids are drawn from the sequence row by row: ascending, they are in the order given.
      return ids.sort(compareIds);
    }
    if (this.driver.allInTransaction !== undefined) {
      const results = await this.driver.allInTransaction<RawRow>(this.sql.insert, rows);
      return results.map((r) => String(r[0]!.id));
    }
    const ids: string[] = [];
    for (const row of rows) ids.push(String((await this.driver.all<RawRow>(this.sql.insert, row))[0]!.id));
    return ids;
  }

  /**
   * Tells other workers the message is still being handled, postponing its redelivery.
   * `seconds` is how often this is done: it must be shorter than redeliver_timeout, or another
   * worker could take the message in between.
   */
  async keepalive(id: string, seconds?: number): Promise<void> {
    if (seconds !== undefined) this.checkKeepaliveInterval(seconds);
    await this.driver.run(this.sql.keepalive, [formatTimestamp(this.now()), id]);
  }

  /** Keepalive requests every `seconds` only help if they come before redeliver_timeout runs out. */
  checkKeepaliveInterval(seconds: number): void {
    const timeout = this.configuration.redeliverTimeout;
    if (seconds < timeout) return;
    throw new InvalidArgumentException(
      `The keepalive interval (${seconds} s) must be shorter than redeliver_timeout (${timeout} s), or a message still being handled is delivered again to another worker: pass a shorter --keepalive, or raise the transport's redeliver_timeout.`,
    );
  }

  async setup(): Promise<void> {
    await this.createSchema();
    this.ready = Promise.resolve();
  }

  /** Messages waiting to be taken (delayed and in-progress ones are not counted, as in Symfony). */
  async getMessageCount(): Promise<number> {
    await this.ensureReady();
    const now = this.now();
    const rows = await this.driver.all<{ message_count: number | string }>(this.sql.count(1), [
      this.configuration.queueName,
      ...this.windowParams(now),
    ]);
    return Number(rows[0]?.message_count ?? 0);
  }

  /** The messages waiting to be taken, oldest first; `offset` skips that many (to go through them a page at a time). */
  async findAll(limit?: number, offset?: number): Promise<DoctrineRow[]> {
    await this.ensureReady();
    const params: unknown[] = [this.configuration.queueName, ...this.windowParams(this.now())];
    const paged = limit !== undefined || offset !== undefined;
    if (paged) params.push(limit ?? Number.MAX_SAFE_INTEGER, offset ?? 0);
    return (await this.driver.all<RawRow>(this.sql.findAll(paged), params)).map(toRow);
  }

  async find(id: string | number): Promise<DoctrineRow | undefined> {
    // Ids are whole numbers; anything else cannot be one (and PostgreSQL would reject the cast).
    if (!/^\d{1,18}$/.test(String(id))) return undefined;
    await this.ensureReady();
    const rows = await this.driver.all<RawRow>(this.sql.find, [String(id), this.configuration.queueName]);
    return rows[0] === undefined ? undefined : toRow(rows[0]);
  }

  /** Resolves when a message may have arrived; this base connection cannot tell, so only when `signal` aborts. */
  waitForMessages(signal: AbortSignal, _queueNames?: readonly string[]): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** The queue as a monitoring view sees it; `consumers` only when the database can tell (PostgreSQL). */
  async snapshot(): Promise<QueueSnapshot> {
    await this.ensureReady();
    const window = this.windowParams(this.now());
    const [row] = await this.driver.all<{
      waiting: unknown;
      oldest: unknown;
      in_progress: unknown;
      total: unknown;
      newest: unknown;
    }>(this.sql.snapshot, [...window, ...window, window[0], this.configuration.queueName]);
    return {
      count: Number(row?.waiting ?? 0),
      oldestAvailableAt: parseTimestamp(row?.oldest) ?? null,
      revision: `${String(row?.total ?? 0)}:${String(row?.newest ?? '')}`,
      consumers: await this.consumers(Number(row?.in_progress ?? 0)),
    };
  }

  /** How many workers consume the queue now, when the database can tell; `inProgress`: messages taken and not yet done. */
  protected async consumers(_inProgress: number): Promise<number | null> {
    return null;
  }

  /**
   * Until another connection may have changed the table: SQLite says so through its data
   * version (asked every 200 ms, which reads no table); other databases (MySQL, MariaDB) through
   * the queue's revision, read every second from the snapshot's indexed query.
   */
  async waitForChange(signal: AbortSignal, timeoutMs: number): Promise<void> {
    const dataVersion = this.driver.dataVersion?.bind(this.driver);
    const [version, pollMs] =
      dataVersion === undefined
        ? [async () => (await this.snapshot()).revision, REVISION_POLL_MS]
        : [dataVersion, DATA_VERSION_POLL_MS];
    const deadline = Date.now() + timeoutMs;
    const start = await version().catch(() => undefined);
    while (!signal.aborted && Date.now() < deadline) {
      await abortableWait(signal, Math.min(pollMs, deadline - Date.now()));
      if (signal.aborted) return;
      const now = await version().catch(() => undefined);
      if (now !== start) return;
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  setLogger(logger: Logger): void {
    this.driver.setLogger?.(logger);
  }

  private async delete(id: string): Promise<boolean> {
    return (await this.driver.run(this.sql.delete, [id])) > 0;
  }

  protected async createSchema(): Promise<void> {
    await this.driver.script(schemaSql(this.configuration.tableName, this.driver.platform));
  }

  /** Creates the table once, on first use, when auto_setup is on; says how to fix a missing table otherwise. */
  protected ensureReady(): Promise<void> {
    this.ready ??= this.prepare().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async prepare(): Promise<void> {
    if (await this.driver.tableExists(this.configuration.tableName)) return;
    if (!this.configuration.autoSetup) {
      throw new DriverException(
        `${this.driver.label}: the table "${this.configuration.tableName}" does not exist. Run \`messenger setup-transports\`, or set the transport option auto_setup to true.`,
      );
    }
    await this.createSchema();
  }

  private windowParams(now: number): string[] {
    return [formatTimestamp(now - this.configuration.redeliverTimeout * 1000), formatTimestamp(now)];
  }
}

/** Ids are whole numbers as text, possibly beyond 2^53: shorter is smaller. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** One per message taken: built as a literal (a spread of the optional field would copy it through a runtime call). */
function toRow(row: RawRow): DoctrineRow {
  const availableAt = parseTimestamp(row.available_at);
  const id = typeof row.id === 'string' ? row.id : `${row.id}`;
  return availableAt === undefined
    ? { id, body: row.body, headers: row.headers }
    : { id, body: row.body, headers: row.headers, availableAt };
}
