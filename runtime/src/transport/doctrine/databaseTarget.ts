import { isAbsolute, join } from 'node:path';
import { InvalidDsnException } from '../../errors/InvalidDsnException.js';
import { InvalidArgumentException } from '../../errors/MessengerException.js';
import { decodeDsnPart, Dsn, maskDsn } from '../Dsn.js';

/** The database a Doctrine transport DSN points to. */
export type DatabaseTarget =
  | { readonly platform: 'sqlite'; readonly file: string; readonly label: string }
  | { readonly platform: 'postgresql'; readonly config: PostgreSqlParams; readonly label: string }
  | { readonly platform: 'mysql'; readonly config: DatabaseServerParams; readonly label: string };

/** Where a database server is, and who logs in. */
export interface DatabaseServerParams {
  readonly host: string;
  readonly port: number;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly database: string | undefined;
}

export type PostgreSqlParams = DatabaseServerParams;

/** Where `doctrine://default` points when DATABASE_URL is not set: an embedded SQLite file. */
export const DEFAULT_SQLITE_FILE = 'var/messenger.db';

const PROJECT_DIR = '%kernel.project_dir%';

/**
 * Resolves a DSN to a database:
 *   sqlite://var/messenger.db     a file relative to the project directory
 *   sqlite:///abs/path.db         an absolute path
 *   sqlite://:memory:             a private in-memory database (this process, this transport)
 *   postgres://user:pass@host:5432/db (also postgresql://, pgsql://)
 *   mysql://user:pass@host:3306/db    MySQL or MariaDB (also mysql2://)
 *   doctrine://default            the DATABASE_URL environment variable (Symfony's default
 *                                 Doctrine connection), or var/messenger.db when it is unset
 */
export function resolveDatabase(
  dsn: Dsn,
  projectDir: string,
  environment: Readonly<Record<string, string>> = {},
): DatabaseTarget {
  switch (dsn.scheme) {
    case 'sqlite':
      return sqliteTarget(dsn, projectDir, maskDsn(dsn.raw.split('?')[0]!));
    case 'postgres':
    case 'postgresql':
    case 'pgsql':
      return postgresTarget(dsn, maskDsn(dsn.raw.split('?')[0]!));
    case 'mysql':
    case 'mysql2':
      return { platform: 'mysql', config: serverParams(dsn, 3306), label: `MySQL ${maskDsn(dsn.raw.split('?')[0]!)}` };
    case 'doctrine':
      return doctrineTarget(dsn, projectDir, environment);
  }
  throw new InvalidArgumentException(
    `The DSN "${maskDsn(dsn.raw)}" is not a database DSN (sqlite://, postgres://, mysql://, doctrine://).`,
  );
}

function sqliteTarget(dsn: Dsn, projectDir: string, shown: string): DatabaseTarget {
  const path = decodeDsnPart(dsn.rest.replace(`/${PROJECT_DIR}`, projectDir).replace(PROJECT_DIR, projectDir));
  if (path === '')
    throw new InvalidArgumentException(
      `The SQLite DSN "${shown}" has no file: use e.g. sqlite://var/messenger.db (relative to the project) or sqlite:///absolute/path.db.`,
    );
  if (path === ':memory:') return { platform: 'sqlite', file: ':memory:', label: 'SQLite :memory:' };
  return { platform: 'sqlite', file: isAbsolute(path) ? path : join(projectDir, path), label: `SQLite ${shown}` };
}

function postgresTarget(dsn: Dsn, shown: string): DatabaseTarget {
  return { platform: 'postgresql', config: serverParams(dsn, 5432), label: `PostgreSQL ${shown}` };
}

function serverParams(dsn: Dsn, defaultPort: number): DatabaseServerParams {
  const database = dsn.path.replace(/^\//, '').split('/')[0];
  return {
    host: dsn.host || 'localhost',
    port: dsn.port ?? defaultPort,
    user: dsn.user,
    password: dsn.password,
    database: database || undefined,
  };
}

function doctrineTarget(dsn: Dsn, projectDir: string, environment: Readonly<Record<string, string>>): DatabaseTarget {
  const connection = dsn.host || 'default';
  if (connection !== 'default') {
    throw new InvalidArgumentException(
      `Doctrine connection "${connection}" is unknown: doctrine://default uses DATABASE_URL; for another database, use its sqlite://, postgres:// or mysql:// DSN directly.`,
    );
  }
  const url = environment['DATABASE_URL'];
  if (url === undefined || url.trim() === '') {
    return {
      platform: 'sqlite',
      file: join(projectDir, DEFAULT_SQLITE_FILE),
      label: `SQLite ${DEFAULT_SQLITE_FILE} (doctrine://default, DATABASE_URL is not set)`,
    };
  }
  const database = parseDatabaseUrl(url);
  if (database.scheme === 'doctrine')
    throw new InvalidArgumentException('DATABASE_URL cannot itself be a doctrine:// DSN.');
  if (!['sqlite', 'postgres', 'postgresql', 'pgsql', 'mysql', 'mysql2'].includes(database.scheme)) {
    throw new InvalidArgumentException(
      `doctrine://default uses DATABASE_URL "${maskDsn(url)}", whose database is not supported: the Doctrine transport runs on SQLite, PostgreSQL, MySQL and MariaDB.`,
    );
  }
  const target = resolveDatabase(database, projectDir, environment);
  return { ...target, label: `${target.label} (doctrine://default, DATABASE_URL)` };
}

function parseDatabaseUrl(url: string): Dsn {
  try {
    return Dsn.parse(url);
  } catch (error) {
    if (!(error instanceof InvalidDsnException)) throw error;
    throw new InvalidArgumentException(
      `doctrine://default uses DATABASE_URL, which is invalid (its value is not shown, as it may hold a password): ${error.reason}.`,
    );
  }
}
