import type { Dsn } from '../Dsn.js';
import type { TransportContext, TransportFactory, TransportOptionsSpec } from '../TransportFactory.js';
import type { Transport } from '../Transport.js';
import type { DoctrineConfiguration } from './Connection.js';

const COMMON_OPTIONS = {
  table_name: { type: 'string', default: 'messenger_messages', description: 'Name of the table.' },
  queue_name: { type: 'string', default: 'default', description: 'Name of the queue (a column in the table, to use one table for several transports).' },
  redeliver_timeout: { type: 'number', default: 3600, description: 'Seconds before a message taken by a worker that never acknowledged it (it died) is delivered again. Set it above your slowest handler.' },
  auto_setup: { type: 'boolean', default: true, description: 'Create the table on first use.' },
} as const satisfies TransportOptionsSpec;

const POSTGRESQL_OPTIONS = {
  use_notify: { type: 'boolean', default: true, description: 'PostgreSQL: wake idle workers with LISTEN/NOTIFY instead of polling.' },
  check_delayed_interval: { type: 'number', default: 60000, description: 'PostgreSQL with use_notify: milliseconds between checks for delayed messages; 0 disables the periodic check (messages are still picked up when due).' },
  get_notify_timeout: { type: 'number', default: 0, description: 'PostgreSQL with use_notify: milliseconds a worker waits for a notification when the queue is empty.' },
} as const satisfies TransportOptionsSpec;

/**
 * Symfony's Doctrine transport on SQLite (embedded, `sqlite://var/messenger.db`) or PostgreSQL
 * (`postgres://…`), and `doctrine://default` for Symfony's naming. Option specs are plain data;
 * the database driver is imported only when a transport is created.
 */
export class DoctrineTransportFactory implements TransportFactory {
  private constructor(
    readonly schemes: readonly string[],
    readonly label: string,
    readonly options: TransportOptionsSpec,
  ) {}

  static sqlite(): DoctrineTransportFactory {
    return new DoctrineTransportFactory(['sqlite'], 'SQLite', COMMON_OPTIONS);
  }

  static postgresql(): DoctrineTransportFactory {
    return new DoctrineTransportFactory(['postgres', 'postgresql', 'pgsql'], 'PostgreSQL', { ...COMMON_OPTIONS, ...POSTGRESQL_OPTIONS });
  }

  /** `doctrine://default`: the database of DATABASE_URL, so both databases' options are accepted. */
  static doctrine(): DoctrineTransportFactory {
    return new DoctrineTransportFactory(['doctrine'], 'Doctrine', { ...COMMON_OPTIONS, ...POSTGRESQL_OPTIONS });
  }

  async createTransport(dsn: Dsn, options: Readonly<Record<string, unknown>>, context: TransportContext): Promise<Transport> {
    const { createDoctrineTransport } = await import('./createDoctrineTransport.js');
    return createDoctrineTransport(dsn, configuration(options), context);
  }
}

function configuration(options: Readonly<Record<string, unknown>>): DoctrineConfiguration {
  const value = <T>(key: string, fallback: T): T => (options[key] ?? fallback) as T;
  return {
    tableName: value('table_name', 'messenger_messages'),
    queueName: value('queue_name', 'default'),
    redeliverTimeout: value('redeliver_timeout', 3600),
    autoSetup: value('auto_setup', true),
    useNotify: value('use_notify', true),
    checkDelayedInterval: value('check_delayed_interval', 60000),
    getNotifyTimeout: value('get_notify_timeout', 0),
  };
}
