import { Connection, type DoctrineConfiguration, type DoctrineRow } from './Connection.js';
import type { Notification, PostgreSqlDriver } from './PostgreSqlDriver.js';
import { notifyTriggerSql, parseTimestamp, schemaSql } from './sql.js';

/**
 * PostgreSQL with LISTEN/NOTIFY (`use_notify`, on by default): inserts notify the table's
 * channel, so an idle worker wakes as soon as a message arrives and, in between, asks the
 * database nothing. Delayed messages and redeliveries are picked up when they are due (the
 * connection remembers when that is), and at least every `check_delayed_interval` ms.
 */
export class PostgreSqlConnection extends Connection {
  private listeningOn = -1;
  private readonly notified = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private nextDueAt: number | undefined;
  /** False when the table has no notify trigger and auto_setup may not add it: then every get() queries. */
  private notifying = true;

  constructor(
    configuration: DoctrineConfiguration,
    private readonly pgDriver: PostgreSqlDriver,
    now?: () => number,
  ) {
    super(configuration, pgDriver, now);
    pgDriver.onNotification((notification) => this.onNotification(notification));
  }

  override async get(queueNames: readonly string[] = [this.configuration.queueName]): Promise<DoctrineRow | undefined> {
    if (!this.configuration.useNotify) return super.get(queueNames);
    await this.ensureReady();
    await this.listen();
    if (this.notifying && this.queueEmptiedAt !== undefined && !this.isDue(queueNames)) {
      if (this.configuration.getNotifyTimeout <= 0) return undefined;
      await this.waitFor(queueNames, this.configuration.getNotifyTimeout);
      if (!this.isDue(queueNames)) return undefined;
    }
    for (const queue of queueNames) this.notified.delete(queue);
    const row = await super.get(queueNames);
    if (row === undefined) this.nextDueAt = await this.findNextDue(queueNames);
    return row;
  }

  /** Wakes an idle worker on a notification, or when the next delayed message (or redelivery) is due. */
  override waitForMessages(signal: AbortSignal): Promise<void> {
    if (!this.configuration.useNotify) return super.waitForMessages(signal);
    const due = this.nextDueAt === undefined ? undefined : Math.max(10, this.nextDueAt - this.now());
    return this.waitFor([this.configuration.queueName], due, signal);
  }

  protected override async createSchema(): Promise<void> {
    const table = this.configuration.tableName;
    // Several workers may start at once: the advisory lock makes their setups run one after the other.
    const lock = `SELECT pg_advisory_xact_lock(hashtext('messenger_setup:${table}'))`;
    const trigger = this.configuration.useNotify ? `;\n${notifyTriggerSql(table)}` : '';
    await this.driver.script(`${lock};\n${schemaSql(table, 'postgresql')}${trigger}`);
  }

  private isDue(queueNames: readonly string[]): boolean {
    if (queueNames.some((queue) => this.notified.has(queue))) return true;
    const now = this.now();
    const interval = this.configuration.checkDelayedInterval;
    if (interval > 0 && now - this.queueEmptiedAt! >= interval) return true;
    return this.nextDueAt !== undefined && now >= this.nextDueAt;
  }

  /** LISTENs on the table's channel (again after a reconnection, when notifications may have been missed). */
  private async listen(): Promise<void> {
    if (this.listeningOn === this.pgDriver.generation && this.listeningOn !== -1) return;
    const table = this.configuration.tableName;
    if (this.listeningOn === -1) this.notifying = await this.hasTrigger(table);
    await this.driver.run(`LISTEN "${table}"`, []);
    this.listeningOn = this.pgDriver.generation;
    this.queueEmptiedAt = undefined;
  }

  private async hasTrigger(table: string): Promise<boolean> {
    const rows = await this.driver.all("SELECT 1 AS found FROM pg_trigger WHERE tgname = 'notify_trigger' AND tgrelid = to_regclass(?)", [table]);
    if (rows.length > 0) return true;
    if (!this.configuration.autoSetup) return false;
    await this.driver.script(notifyTriggerSql(table));
    return true;
  }

  private async findNextDue(queueNames: readonly string[]): Promise<number | undefined> {
    const rows = await this.driver.all<{ next_available: unknown; oldest_delivery: unknown }>(this.sql.nextDue(queueNames.length), [...queueNames]);
    const available = parseTimestamp(rows[0]?.next_available);
    const delivered = parseTimestamp(rows[0]?.oldest_delivery);
    const redelivery = delivered === undefined ? undefined : delivered + this.configuration.redeliverTimeout * 1000;
    const candidates = [available, redelivery].filter((t): t is number => t !== undefined);
    return candidates.length === 0 ? undefined : Math.min(...candidates);
  }

  private onNotification(notification: Notification): void {
    if (notification.channel !== this.configuration.tableName || notification.payload === undefined) return;
    this.notified.add(notification.payload);
    for (const wake of this.waiters) wake();
  }

  /** Resolves on a notification for one of the queues, after `timeout` ms, or when `signal` aborts. */
  private waitFor(queueNames: readonly string[], timeout: number | undefined, signal?: AbortSignal): Promise<void> {
    if (queueNames.some((queue) => this.notified.has(queue)) || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.waiters.delete(check);
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const check = (): void => {
        if (queueNames.some((queue) => this.notified.has(queue))) done();
      };
      const timer = timeout === undefined ? undefined : setTimeout(done, timeout);
      this.waiters.add(check);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
