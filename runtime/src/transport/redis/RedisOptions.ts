import { InvalidTransportOptionException } from '../../errors/InvalidTransportOptionException.js';
import type { TransportOptionsSpec } from '../TransportFactory.js';

/** phpredis' Redis::OPT_SERIALIZER values this transport can read and write. */
export const SERIALIZER_NONE = 0;
export const SERIALIZER_PHP = 1;
export const SERIALIZER_JSON = 4;

/** Symfony's Redis transport options and defaults (the guide's tables, 5.4 and 6.x). */
export const REDIS_OPTIONS = {
  stream: { type: 'string', default: 'messages', description: 'The Redis stream name.' },
  group: { type: 'string', default: 'symfony', description: 'The Redis consumer group name.' },
  consumer: {
    type: 'string',
    description:
      'Consumer name used in Redis: one per worker process. Default: the MESSENGER_CONSUMER_NAME environment variable, else "consumer".',
  },
  auto_setup: { type: 'boolean', default: true, description: 'Create the stream and its group automatically.' },
  auth: {
    type: 'string',
    description: 'The Redis password (a user name goes in the DSN: redis://user:password@host).',
  },
  delete_after_ack: {
    type: 'boolean',
    default: true,
    description: 'Delete messages from the stream once acknowledged (Symfony 6 default; 5.4 defaulted to false).',
  },
  delete_after_reject: {
    type: 'boolean',
    default: true,
    description: 'Delete messages from the stream once rejected.',
  },
  lazy: { type: 'boolean', default: false, description: 'Connect only when a connection is really needed.' },
  serializer: {
    type: 'number',
    default: SERIALIZER_PHP,
    description:
      "How the payload is stored in the stream (phpredis' Redis::OPT_SERIALIZER): 1 PHP (Symfony's default), 0 none, 4 JSON.",
  },
  stream_max_entries: {
    type: 'number',
    default: 0,
    description: 'Approximate maximum number of entries the stream is trimmed to; 0 means no trimming.',
  },
  tls: { type: 'boolean', default: false, description: 'Enable TLS (same as the rediss:// scheme).' },
  redeliver_timeout: {
    type: 'number',
    default: 3600,
    description: 'Seconds before a pending message of an abandoned consumer (its worker died) is claimed by another.',
  },
  claim_interval: {
    type: 'number',
    default: 60000,
    description: 'Milliseconds between checks for pending messages of abandoned consumers.',
  },
  dbindex: { type: 'number', default: 0, description: 'The Redis database index.' },
  persistent_id: {
    type: 'string',
    description:
      'phpredis persistent connections: no meaning in Node (a worker keeps its connection); ignored with a warning.',
  },
  retry_interval: {
    type: 'number',
    default: 0,
    description: 'Milliseconds between reconnection attempts; 0: growing pauses up to 2 s.',
  },
  read_timeout: {
    type: 'number',
    default: 0,
    description: 'Seconds a command may wait for its reply before failing; 0: no limit.',
  },
  timeout: { type: 'number', default: 0, description: 'Seconds to wait for the connection; 0: 10 s.' },
  sentinel_master: {
    type: 'string',
    description: 'The name of the master to ask the Sentinels (the DSN hosts) for; empty: no Sentinel.',
  },
} as const satisfies TransportOptionsSpec;

/** The options, checked and typed. */
export interface RedisConfiguration {
  readonly stream: string;
  readonly group: string;
  readonly consumer: string;
  readonly autoSetup: boolean;
  readonly auth: string | undefined;
  readonly deleteAfterAck: boolean;
  readonly deleteAfterReject: boolean;
  readonly lazy: boolean;
  readonly serializer: number;
  readonly streamMaxEntries: number;
  readonly tls: boolean;
  /** Milliseconds. */
  readonly redeliverTimeout: number;
  /** Milliseconds. */
  readonly claimInterval: number;
  readonly dbIndex: number;
  readonly persistentId: string | undefined;
  readonly retryInterval: number;
  /** Milliseconds; 0: none. */
  readonly readTimeout: number;
  /** Milliseconds; 0: the client's default. */
  readonly connectTimeout: number;
  readonly sentinelMaster: string | undefined;
}

type Key = keyof typeof REDIS_OPTIONS;

/** Reads the options (the config loader filled in defaults; a factory called directly may not have). */
export function redisConfiguration(
  options: Readonly<Record<string, unknown>>,
  environment: Readonly<Record<string, string>> = {},
): RedisConfiguration {
  const value = <T>(key: Key): T => (options[key] ?? (REDIS_OPTIONS[key] as { default?: unknown }).default) as T;
  const number = (key: Key, valid: (n: number) => boolean, rule: string): number => {
    const n = value<number>(key);
    if (typeof n !== 'number' || !valid(n))
      throw new InvalidTransportOptionException(key, `Option "${key}" must be ${rule}, got ${JSON.stringify(n)}.`);
    return n;
  };
  const name = (key: 'stream' | 'group' | 'consumer', fallback: string): string => {
    const given = value<string | undefined>(key) ?? fallback;
    if (given === '')
      throw new InvalidTransportOptionException(key, `"${key}" should be configured, got an empty string.`);
    return given;
  };
  const serializer = number(
    'serializer',
    (n) => [SERIALIZER_NONE, SERIALIZER_PHP, SERIALIZER_JSON].includes(n),
    '0 (none), 1 (PHP, the default) or 4 (JSON): igbinary (2) and msgpack (3) have no reader in Node',
  );
  return {
    stream: name('stream', 'messages'),
    group: name('group', 'symfony'),
    consumer: name('consumer', environment['MESSENGER_CONSUMER_NAME'] || 'consumer'),
    autoSetup: value('auto_setup'),
    auth: value<string | undefined>('auth') || undefined,
    deleteAfterAck: value('delete_after_ack'),
    deleteAfterReject: value('delete_after_reject'),
    lazy: value('lazy'),
    serializer,
    streamMaxEntries: number('stream_max_entries', (n) => Number.isInteger(n) && n >= 0, 'a whole number >= 0'),
    tls: value('tls'),
    redeliverTimeout: number('redeliver_timeout', (n) => n > 0, 'a number of seconds > 0') * 1000,
    claimInterval: number('claim_interval', (n) => n >= 0, 'a number of milliseconds >= 0'),
    dbIndex: number('dbindex', (n) => Number.isInteger(n) && n >= 0, 'a whole number >= 0'),
    persistentId: value<string | undefined>('persistent_id') || undefined,
    retryInterval: number('retry_interval', (n) => n >= 0, 'a number of milliseconds >= 0'),
    readTimeout: number('read_timeout', (n) => n >= 0, 'a number of seconds >= 0') * 1000,
    connectTimeout: number('timeout', (n) => n >= 0, 'a number of seconds >= 0') * 1000,
    sentinelMaster: value<string | undefined>('sentinel_master') || undefined,
  };
}
