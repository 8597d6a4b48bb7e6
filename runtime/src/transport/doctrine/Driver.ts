import { TransportException } from '../../errors/TransportException.js';
import type { Platform } from './sql.js';

/**
 * The database under a Doctrine transport connection: SQLite (better-sqlite3) or PostgreSQL
 * (pg). Connection writes the SQL once, with `?` placeholders; a driver runs it.
 */
export interface Driver {
  readonly platform: Platform;
  /** Says which database, credentials masked, e.g. `SQLite var/messenger.db`: every error starts with it. */
  readonly label: string;
  /** Runs one statement and returns its rows (SELECT, or RETURNING). */
  all<R>(sql: string, params: readonly unknown[]): Promise<R[]>;
  /** Runs one statement; returns the number of rows it changed. */
  run(sql: string, params: readonly unknown[]): Promise<number>;
  /** Runs several `;`-separated statements (the schema) as one transaction. */
  script(sql: string): Promise<void>;
  tableExists(table: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A database error, worded for the user; `tableNotFound` when the messages table is missing. */
export class DriverException extends TransportException {
  constructor(
    message: string,
    readonly tableNotFound: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    // What users (and --format json readers) see is a TransportException.
    this.name = 'TransportException';
  }
}
