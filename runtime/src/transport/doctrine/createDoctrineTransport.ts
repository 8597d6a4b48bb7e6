import { TransportException } from '../../errors/TransportException.js';
import type { Dsn } from '../Dsn.js';
import type { TransportContext } from '../TransportFactory.js';
import { Connection, type DoctrineConfiguration } from './Connection.js';
import { resolveDatabase } from './databaseTarget.js';
import { DoctrineTransport } from './DoctrineTransport.js';
import { MySqlDriver } from './MySqlDriver.js';
import { PostgreSqlConnection } from './PostgreSqlConnection.js';
import { PostgreSqlDriver } from './PostgreSqlDriver.js';
import { checkTableName } from './sql.js';
import { SqliteDriver } from './SqliteDriver.js';

/** Builds the transport, loading the database driver it needs (and only that one). Connecting waits for first use. */
export async function createDoctrineTransport(
  dsn: Dsn,
  configuration: DoctrineConfiguration,
  context: TransportContext,
): Promise<DoctrineTransport> {
  checkTableName(configuration.tableName);
  const target = resolveDatabase(dsn, context.projectDir, context.environment);
  const clock = context.clock;
  const now = clock === undefined ? undefined : () => clock.now();
  if (target.platform === 'sqlite') {
    const sqlite = await importDriver<{ default: typeof import('better-sqlite3') }>('better-sqlite3', target.label);
    return new DoctrineTransport(
      new Connection(configuration, new SqliteDriver(sqlite.default, target.file, target.label), now),
      context.serializer,
    );
  }
  if (target.platform === 'mysql') {
    const mysql = await importDriver<typeof import('mysql2/promise')>('mysql2/promise', target.label);
    return new DoctrineTransport(
      new Connection(configuration, new MySqlDriver(mysql, target.config, target.label), now),
      context.serializer,
    );
  }
  const pg = await importDriver<{ default: typeof import('pg') }>('pg', target.label);
  const driver = new PostgreSqlDriver(
    pg.default,
    { ...target.config, application_name: `messenger:${context.name}` },
    target.label,
  );
  return new DoctrineTransport(new PostgreSqlConnection(configuration, driver, now), context.serializer);
}

async function importDriver<M>(name: string, label: string): Promise<M> {
  try {
    return (await import(name)) as M;
  } catch (error) {
    throw new TransportException(
      `${label}: the "${name}" package could not be loaded (${(error as Error).message}). Install it: npm install ${name.split('/')[0]}`,
      { cause: error },
    );
  }
}
