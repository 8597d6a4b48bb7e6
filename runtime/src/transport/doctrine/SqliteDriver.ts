import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';
import { errorMessage } from '../../support/errorMessage.js';
import { type Driver, DriverException } from './Driver.js';

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** How long a statement waits for another connection's write to finish before failing ("database is locked"). */
const BUSY_TIMEOUT_MS = 10_000;
/** How long better-sqlite3 itself waits (blocking the thread) before handing SQLITE_BUSY back to execute(). */
const BLOCKING_BUSY_TIMEOUT_MS = 5;

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

  /**
   * Steps the statement to its end, even for the one row of an INSERT … RETURNING: SQLite runs
   * its automatic WAL checkpoint only when a statement finishes, and get() would commit on reset
   * instead, so the log would grow unchecked (and its pages never be synced to the database file).
   */
  all<R>(sql: string, params: readonly unknown[]): Promise<R[]> {
    return this.execute(() => this.statement(sql).all(...params) as R[]);
  }

  run(sql: string, params: readonly unknown[]): Promise<number> {
    return this.execute(() => this.statement(sql).run(...params).changes);
  }

  /** Synchronous inside: no other statement of this process runs in between, and the write lock is taken once. */
  allInTransaction<R>(sql: string, paramLists: ReadonlyArray<readonly unknown[]>): Promise<R[][]> {
    return this.execute(() => {
      const statement = this.statement(sql);
      return this.database()
        .transaction(() => paramLists.map((params) => statement.all(...params) as R[]))
        .immediate();
    });
  }

  script(sql: string): Promise<void> {
    return this.execute(() => {
      const db = this.database();
      db.transaction(() => db.exec(sql)).immediate();
    });
  }

  dataVersion(): Promise<number> {
    return this.execute(() => Number(this.database().pragma('data_version', { simple: true })));
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
      const db = new this.open(this.file, { timeout: BLOCKING_BUSY_TIMEOUT_MS });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      this.db = db;
      return db;
    } catch (error) {
      throw new DriverException(`${this.label}: cannot open the database file: ${(error as Error).message}`, {
        code: sqliteCode(error),
        cause: error,
      });
    }
  }

  /**
   * Runs one statement. While another connection holds the write lock, better-sqlite3's own
   * busy timeout would block the whole thread (and so a lock held by this very process would
   * never be released): it only waits a moment, and the waiting goes on here, between timers.
   * A statement that got SQLITE_BUSY did nothing, so running it again is safe.
   */
  private async execute<T>(statement: () => T): Promise<T> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      try {
        return statement();
      } catch (error) {
        if (sqliteCode(error) !== 'SQLITE_BUSY' || Date.now() >= deadline) throw this.wrap(error);
      }
      await sleep(pause);
    }
  }

  private wrap(error: unknown): unknown {
    if (error instanceof DriverException) return error;
    const message = errorMessage(error);
    const code = sqliteCode(error);
    return new DriverException(`${this.label}: ${message}`, {
      code,
      retryable: code !== undefined && RETRYABLE.test(code),
      cause: error,
    });
  }
}

/** Another process held the lock for longer than the busy timeout: the statement may succeed later. */
const RETRYABLE = /^SQLITE_(BUSY|LOCKED)/;

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
