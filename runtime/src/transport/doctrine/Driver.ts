import { TransportException } from '../../errors/TransportException.js';
import type { Logger } from '../../log/Logger.js';
import type { Platform } from './sql.js';

/**
 * The database under a Doctrine transport connection: SQLite (better-sqlite3), PostgreSQL (pg)
 * or MySQL and MariaDB (mysql2). Connection writes the SQL once, with `?` placeholders; a driver runs it.
 */
export interface Driver {
  readonly platform: Platform;
  /** Says which database, credentials masked, e.g. `SQLite var/messenger.db`: every error starts with it. */
  readonly label: string;
  /** Runs one statement and returns its rows (SELECT, or RETURNING). */
  all<R>(sql: string, params: readonly unknown[]): Promise<R[]>;
  /** Runs one statement; returns the number of rows it changed. */
  run(sql: string, params: readonly unknown[]): Promise<number>;
  /** Runs several `;`-separated statements (the schema) as one transaction: on an error, none of them took effect. */
  script(sql: string): Promise<void>;
  /** Runs one statement once per parameter list, all in one transaction; the rows of each run. Where a transaction is cheap to hold (SQLite). */
  allInTransaction?<R>(sql: string, paramLists: ReadonlyArray<readonly unknown[]>): Promise<R[][]>;
  tableExists(table: string): Promise<boolean>;
  close(): Promise<void>;
  /**
   * A number that changes when another connection commits a change to the database (SQLite's
   * `PRAGMA data_version`): a monitoring view asks it instead of the tables. Absent when the
   * database cannot tell so cheaply.
   */
  dataVersion?(): Promise<number>;
  /** Where to report a lost connection and its recovery (drivers with a network connection). */
  setLogger?(logger: Logger): void;
}

export interface DriverExceptionDetails {
  /** The database's error code: SQLSTATE on PostgreSQL (`40P01`), the result code on SQLite (`SQLITE_BUSY`), mysql2's on MySQL (`ER_LOCK_DEADLOCK`). */
  readonly code?: string | undefined;
  /** The same statement may well succeed if run again shortly (lock contention, deadlock, lost connection). */
  readonly retryable?: boolean;
  readonly cause?: unknown;
}

/** A database error, worded for the user, with what the transport needs to decide whether to try again. */
export class DriverException extends TransportException {
  readonly code: string | undefined;
  readonly retryable: boolean;

  constructor(message: string, details: DriverExceptionDetails = {}) {
    super(message, { cause: details.cause });
    // What users (and --format json readers) see is a TransportException.
    this.name = 'TransportException';
    this.code = details.code;
    this.retryable = details.retryable ?? false;
  }
}

/** Whether an error is worth running the statement again for. */
export function isRetryable(error: unknown): boolean {
  return error instanceof DriverException && error.retryable;
}
