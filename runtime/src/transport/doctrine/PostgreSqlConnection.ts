import { abortableWait } from '../abortableWait.js';
import type { ReceiveOptions } from '../Transport.js';
import { Connection, type DoctrineConfiguration, type DoctrineRow } from './Connection.js';
import { DriverException } from './Driver.js';
import type { Notification, PostgreSqlDriver } from './PostgreSqlDriver.js';
import { notifyTriggerSql, parseTimestamp, schemaSql } from './sql.js';

/** SQLSTATE insufficient_privilege: e.g. the table belongs to another role, which alone may add a trigger to it. */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * The first key of the advisory locks that mark a consuming connection (`MSGR`); the second is a
 * hash of the table and queue. Shared locks: they never block anyone, and they go with the
 * connection, so pg_locks counts the live consumers of a queue whatever process or machine
 * they run on.
 */
const CONSUMER_LOCK = 0x4d534752;

/** A 31-bit FNV-1a hash: the second key of a queue's consumer lock. */
function queueKey(table: string, queue: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${table}:${queue}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return (hash >>> 0) & 0x7fffffff;
}

/** Someone waiting for a notification on some queues (an idle worker, or get() with get_notify_timeout). */
interface Waiter {
  readonly queueNames: readonly string[];
  readonly wake: () => void;
}

/**
 * PostgreSQL with LISTEN/NOTIFY (`use_notify`, on by default): inserts notify the table's
 * channel, so an idle worker wakes as soon as a message arrives and, in between, asks the
 * database nothing. Delayed messages and redeliveries are picked up when they are due (the
 * connection remembers when that is), and at least every `check_delayed_interval` ms. When the
 * connection is lost, LISTEN is issued again on the next one and the table is looked at,
 * since notifications sent in between never arrive.
 */
export class PostgreSqlConnection extends Connection {
  /** Whether LISTEN was issued on the current database connection. */
  private listening = false;
  private triggerChecked = false;
  /** False when the table has no notify trigger and it may not be added: then every get() queries. */
  private notifying = true;
  private readonly notified = new Set<string>();
  private readonly waiters = new Set<Waiter>();
  private nextDueAt: number | undefined;
  /** The queues the last empty get() looked at: an empty [high, low] says nothing about [default]. */
  private emptiedQueues = '';
  /** The queues this connection holds a consumer lock for (a new connection holds none). */
  private readonly announced = new Set<string>();

  constructor(configuration: DoctrineConfiguration, pgDriver: PostgreSqlDriver, now?: () => number) {
    super(configuration, pgDriver, now);
    pgDriver.onNotification((notification) => this.onNotification(notification));
    pgDriver.onConnectionLost(() => this.onConnectionLost());
  }

  override async getMany(
    queueNames: readonly string[] = [this.configuration.queueName],
    options: ReceiveOptions = {},
  ): Promise<DoctrineRow[]> {
    await this.announce(queueNames);
    if (!this.configuration.useNotify) return super.getMany(queueNames, options);
    await this.ensureReady();
    await this.listen();
    if (this.notifying && this.queueEmptiedAt !== undefined && !this.isDue(queueNames)) {
      if (this.configuration.getNotifyTimeout <= 0) return [];
      await this.waitFor(queueNames, this.configuration.getNotifyTimeout, options.signal);
      if (this.queueEmptiedAt !== undefined && !this.isDue(queueNames)) return [];
    }
    for (const queue of queueNames) this.notified.delete(queue);
    const rows = await super.getMany(queueNames, { maxMessages: options.maxMessages ?? 1 });
    if (rows.length === 0) {
      this.nextDueAt = await this.findNextDue(queueNames);
      this.emptiedQueues = queueNames.join('\n');
    }
    return rows;
  }

  /** Wakes an idle worker on a notification for its queues, when the next delayed message (or redelivery) is due, or when the connection was lost. */
  override async waitForMessages(
    signal: AbortSignal,
    queueNames: readonly string[] = [this.configuration.queueName],
  ): Promise<void> {
    if (!this.configuration.useNotify) return super.waitForMessages(signal, queueNames);
    if (!this.listening && !(await this.listenAgain())) return super.waitForMessages(signal, queueNames);
    if (this.queueEmptiedAt === undefined) return undefined;
    const due = this.nextDueAt === undefined ? undefined : Math.max(10, this.nextDueAt - this.now());
    return this.waitFor(queueNames, due, signal);
  }

  /**
   * Live consumers of this queue: the connections holding its consumer lock (see CONSUMER_LOCK).
   * A worker that takes none (Symfony's PHP worker on the same table) is seen only by the
   * messages it has in progress: then none holding the lock means "cannot tell", not "nobody".
   */
  protected override async consumers(inProgress: number): Promise<number | null> {
    const rows = await this.driver.all<{ consumers: unknown }>(
      "SELECT COUNT(DISTINCT pid) AS consumers FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = ?::int::oid AND objid = ?::int::oid",
      [CONSUMER_LOCK, queueKey(this.configuration.tableName, this.configuration.queueName)],
    );
    const holders = Number(rows[0]?.consumers ?? 0);
    return holders === 0 && inProgress > 0 ? null : holders;
  }

  /** With use_notify, an insert into the queue ends the wait at once; taking and deleting are seen at the timeout. */
  override async waitForChange(signal: AbortSignal, timeoutMs: number): Promise<void> {
    const queue = this.configuration.queueName;
    if (!this.configuration.useNotify || !(await this.listenAgain())) return abortableWait(signal, timeoutMs);
    // Nobody takes messages on this connection: forget what was noticed before, or the wait would end at once.
    this.notified.delete(queue);
    return this.waitFor([queue], timeoutMs, signal);
  }

  /** A consumer takes a shared lock per queue it reads, once per connection: consumers() counts them. */
  private async announce(queueNames: readonly string[]): Promise<void> {
    for (const queue of queueNames) {
      if (this.announced.has(queue)) continue;
      await this.driver.all('SELECT pg_try_advisory_lock_shared(?::int, ?::int) AS locked', [
        CONSUMER_LOCK,
        queueKey(this.configuration.tableName, queue),
      ]);
      this.announced.add(queue);
    }
  }

  /**
   * The connection was lost while the worker was idle: reconnect and LISTEN now, or the
   * notifications sent while it sleeps would never arrive. Whether that worked; if not (the
   * database is down), the worker simply sleeps and its next get() tries again.
   */
  private async listenAgain(): Promise<boolean> {
    try {
      await this.listen();
      return true;
    } catch {
      return false;
    }
  }

  protected override async createSchema(): Promise<void> {
    await this.driver.script(`${this.setupLock()};\n${schemaSql(this.configuration.tableName, 'postgresql')}`);
    if (!this.configuration.useNotify) return;
    this.notifying = await this.installTrigger();
    this.triggerChecked = true;
  }

  /** Several workers may start at once: the advisory lock makes their setups run one after the other. */
  private setupLock(): string {
    return `SELECT pg_advisory_xact_lock(hashtext('messenger_setup:${this.configuration.tableName}'))`;
  }

  private isDue(queueNames: readonly string[]): boolean {
    if (queueNames.some((queue) => this.notified.has(queue))) return true;
    if (queueNames.join('\n') !== this.emptiedQueues) return true;
    const now = this.now();
    const interval = this.configuration.checkDelayedInterval;
    if (interval > 0 && now - this.queueEmptiedAt! >= interval) return true;
    return this.nextDueAt !== undefined && now >= this.nextDueAt;
  }

  /** LISTENs on the table's channel, once per database connection. */
  private async listen(): Promise<void> {
    if (this.listening) return;
    if (!this.triggerChecked) {
      this.notifying = await this.ensureTrigger();
      this.triggerChecked = true;
    }
    await this.driver.run(`LISTEN "${this.configuration.tableName}"`, []);
    this.listening = true;
    // Notifications sent while nobody listened are lost: look at the table before relying on them again.
    this.queueEmptiedAt = undefined;
  }

  /** Whether inserts notify: the trigger exists, or auto_setup may add it. */
  private async ensureTrigger(): Promise<boolean> {
    const table = this.configuration.tableName;
    const rows = await this.driver.all(
      "SELECT 1 AS found FROM pg_trigger WHERE tgname = 'notify_trigger' AND tgrelid = to_regclass(?)",
      [table],
    );
    if (rows.length > 0) return true;
    return this.configuration.autoSetup && this.installTrigger();
  }

  /** Adds the NOTIFY trigger; a role that may not (the table is another role's) polls instead, with a warning. */
  private async installTrigger(): Promise<boolean> {
    const table = this.configuration.tableName;
    try {
      await this.driver.script(`${this.setupLock()};\n${notifyTriggerSql(table)}`);
      return true;
    } catch (error) {
      if (!(error instanceof DriverException) || error.code !== INSUFFICIENT_PRIVILEGE) throw error;
      process.emitWarning(
        `${this.driver.label}: no permission to add the notify trigger to table "${table}" (${error.message}), so idle workers poll it instead of waking on inserts. ` +
          'Run `messenger setup-transports` as the role that owns the table, or set use_notify: false.',
        { code: 'MESSENGER_NOTIFY_UNAVAILABLE' },
      );
      return false;
    }
  }

  private async findNextDue(queueNames: readonly string[]): Promise<number | undefined> {
    const rows = await this.driver.all<{ next_available: unknown; oldest_delivery: unknown }>(
      this.sql.nextDue(queueNames.length),
      [...queueNames],
    );
    const available = parseTimestamp(rows[0]?.next_available);
    const delivered = parseTimestamp(rows[0]?.oldest_delivery);
    const redelivery = delivered === undefined ? undefined : delivered + this.configuration.redeliverTimeout * 1000;
    const candidates = [available, redelivery].filter((t): t is number => t !== undefined);
    return candidates.length === 0 ? undefined : Math.min(...candidates);
  }

  private onNotification(notification: Notification): void {
    if (notification.channel !== this.configuration.tableName || notification.payload === undefined) return;
    this.notified.add(notification.payload);
    for (const waiter of this.waiters) {
      if (waiter.queueNames.includes(notification.payload)) waiter.wake();
    }
  }

  /** LISTEN ended with the connection: wake everyone waiting, so the next get() reconnects, listens and looks. */
  private onConnectionLost(): void {
    this.listening = false;
    this.announced.clear();
    this.queueEmptiedAt = undefined;
    for (const waiter of this.waiters) waiter.wake();
  }

  /** Resolves on a notification for one of the queues, after `timeout` ms, when `signal` aborts, or when the connection is lost. */
  private waitFor(queueNames: readonly string[], timeout: number | undefined, signal?: AbortSignal): Promise<void> {
    if (queueNames.some((queue) => this.notified.has(queue)) || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        queueNames,
        wake: () => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          signal?.removeEventListener('abort', waiter.wake);
          resolve();
        },
      };
      const timer = timeout === undefined ? undefined : setTimeout(waiter.wake, timeout);
      this.waiters.add(waiter);
      signal?.addEventListener('abort', waiter.wake, { once: true });
    });
  }
}
