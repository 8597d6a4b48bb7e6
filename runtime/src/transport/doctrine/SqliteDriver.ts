import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { type Driver, DriverException } from './Driver.js';

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** How long a statement waits for another process's write to finish before failing ("database is locked"). */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * SQLite through better-sqlite3. The file is opened on first use, in WAL mode so readers never
 * wait for the writer, with a busy timeout so several worker processes can share it; each
 * statement is its own transaction, so no lock is ever held across an await. Synchronous
 * commits are NORMAL: a committed message survives a crash of the process (not of the machine's
 * power, for the last few transactions).
 */
export class SqliteDriver implements Driver {
  readonly platform = 'sqlite';
  private db: Database | undefined;
  private readonly prepared = new Map<string, Statement>();

  constructor(
    private readonly open: new (file: string, options: BetterSqlite3.Options) => Database,
    /** An absolute path, or `:memory:`. */
    private readonly file: string,
    readonly label: string,
  ) {}

  all<R>(sql: string, params: readonly unknown[]): Promise<R[]> {
    try {
      return Promise.resolve(this.statement(sql).all(...params) as R[]);
    } catch (error) {
      return Promise.reject(this.wrap(error));
    }
  }

  run(sql: string, params: readonly unknown[]): Promise<number> {
    try {
      return Promise.resolve(this.statement(sql).run(...params).changes);
    } catch (error) {
      return Promise.reject(this.wrap(error));
    }
  }

  script(sql: string): Promise<void> {
    try {
      const db = this.database();
      db.transaction(() => db.exec(sql)).immediate();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(this.wrap(error));
    }
  }

  async tableExists(table: string): Promise<boolean> {
    const rows = await this.all("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
    return rows.length > 0;
  }

  async close(): Promise<void> {
    this.prepared.clear();
    this.db?.close();
    this.db = undefined;
  }

  private statement(sql: string): Statement {
    let statement = this.prepared.get(sql);
    if (statement === undefined) {
      statement = this.database().prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  private database(): Database {
    if (this.db !== undefined) return this.db;
    try {
      if (this.file !== ':memory:') mkdirSync(dirname(this.file), { recursive: true });
      const db = new this.open(this.file, { timeout: BUSY_TIMEOUT_MS });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      this.db = db;
      return db;
    } catch (error) {
      throw new DriverException(`${this.label}: cannot open the database file: ${(error as Error).message}`, false, { cause: error });
    }
  }

  private wrap(error: unknown): unknown {
    if (error instanceof DriverException) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new DriverException(`${this.label}: ${message}`, /no such table/i.test(message), { cause: error });
  }
}
