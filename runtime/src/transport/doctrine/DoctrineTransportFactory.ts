import { InvalidTransportOptionException } from '../../errors/InvalidTransportOptionException.js';
import type { Dsn } from '../Dsn.js';
import type { TransportContext, TransportFactory, TransportOptionsSpec } from '../TransportFactory.js';
import type { Transport } from '../Transport.js';
import type { DoctrineConfiguration } from './Connection.js';

const COMMON_OPTIONS = {
  table_name: { type: 'string', default: 'messenger_messages', description: 'Name of the table.' },
  queue_name: {
    type: 'string',
    default: 'default',
    description: 'Name of the queue (a column in the table, to use one table for several transports).',
  },
  redeliver_timeout: {
    type: 'number',
    default: 3600,
    description:
      'Seconds before a message taken by a worker that never acknowledged it (it died) is delivered again. Set it above your slowest handler.',
  },
  auto_setup: { type: 'boolean', default: true, description: 'Create the table on first use.' },
} as const satisfies TransportOptionsSpec;

const POSTGRESQL_OPTIONS = {
  use_notify: {
    type: 'boolean',
    default: true,
    description: 'PostgreSQL: wake idle workers with LISTEN/NOTIFY instead of polling.',
  },
  check_delayed_interval: {
    type: 'number',
    default: 60000,
    description:
      'PostgreSQL with use_notify: milliseconds between checks for delayed messages; 0 disables the periodic check (messages are still picked up when due).',
  },
  get_notify_timeout: {
    type: 'number',
    default: 0,
    description: 'PostgreSQL with use_notify: milliseconds a worker waits for a notification when the queue is empty.',
  },
} as const satisfies TransportOptionsSpec;

/**
 * Symfony's Doctrine transport on SQLite (embedded, `sqlite://var/messenger.db`), PostgreSQL
 * (`postgres://…`) or MySQL and MariaDB (`mysql://…`), and `doctrine://default` for Symfony's naming. Option specs are plain data;
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
    return new DoctrineTransportFactory(['postgres', 'postgresql', 'pgsql'], 'PostgreSQL', {
      ...COMMON_OPTIONS,
      ...POSTGRESQL_OPTIONS,
    });
  }

  static mysql(): DoctrineTransportFactory {
    return new DoctrineTransportFactory(['mysql', 'mysql2'], 'MySQL', COMMON_OPTIONS);
  }

  /** `doctrine://default`: the database of DATABASE_URL, so every database's options are accepted. */
  static doctrine(): DoctrineTransportFactory {
    return new DoctrineTransportFactory(['doctrine'], 'Doctrine', { ...COMMON_OPTIONS, ...POSTGRESQL_OPTIONS });
  }

  async createTransport(
    dsn: Dsn,
    options: Readonly<Record<string, unknown>>,
    context: TransportContext,
  ): Promise<Transport> {
    const { createDoctrineTransport } = await import('./createDoctrineTransport.js');
    return createDoctrineTransport(dsn, configuration(options), context);
  }
}

/** Every option with its default, the sole place those defaults are written (SQLite and MySQL ignore the PostgreSQL ones). */
const ALL_OPTIONS = { ...COMMON_OPTIONS, ...POSTGRESQL_OPTIONS };

function configuration(options: Readonly<Record<string, unknown>>): DoctrineConfiguration {
  // The config loader has filled in the defaults already; a factory called directly may not have.
  const value = <T>(key: keyof typeof ALL_OPTIONS): T => (options[key] ?? ALL_OPTIONS[key].default) as T;
  // The types were checked with the config; the ranges are this transport's business.
  const number = (key: keyof typeof ALL_OPTIONS, valid: (n: number) => boolean, rule: string): number => {
    const n = value<number>(key);
    if (!valid(n)) throw new InvalidTransportOptionException(key, `Option "${key}" must be ${rule}.`);
    return n;
  };
  const queueName = value<string>('queue_name');
  if (queueName === '')
    throw new InvalidTransportOptionException('queue_name', 'Option "queue_name" must not be empty.');
  return {
    tableName: value('table_name'),
    queueName,
    redeliverTimeout: number('redeliver_timeout', (n) => n > 0, 'a number of seconds > 0'),
    autoSetup: value('auto_setup'),
    useNotify: value('use_notify'),
    checkDelayedInterval: number('check_delayed_interval', (n) => n >= 0, 'a number of milliseconds >= 0'),
    getNotifyTimeout: number('get_notify_timeout', (n) => n >= 0, 'a number of milliseconds >= 0'),
  };
}
