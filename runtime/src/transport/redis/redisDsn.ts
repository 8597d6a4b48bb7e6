import { InvalidArgumentException } from '../../errors/MessengerException.js';
import { decodeDsnPart, Dsn, maskDsn } from '../Dsn.js';

export interface RedisAddress {
  readonly host: string;
  readonly port: number;
}

/** Where a Redis DSN points, and what its path and credentials say. */
export interface RedisTarget {
  /** `cluster`: several hosts; `sentinel`: the hosts are Sentinels, asked for `sentinel_master`. */
  readonly kind: 'standalone' | 'cluster' | 'sentinel';
  readonly addresses: readonly RedisAddress[];
  /** A Unix socket path (`redis:///var/run/redis.sock`), instead of addresses. */
  readonly socket: string | undefined;
  /** `rediss://` (or `valkeys://`). */
  readonly tls: boolean;
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** `/stream/group/consumer` of the path, each optional. */
  readonly stream: string | undefined;
  readonly group: string | undefined;
  readonly consumer: string | undefined;
  /** The DSN without its query, credentials masked: how messages name this Redis. */
  readonly label: string;
}

export const REDIS_SCHEMES = ['redis', 'rediss', 'valkey', 'valkeys'] as const;
const TLS_SCHEMES = new Set(['rediss', 'valkeys']);

/**
 * Reads a Redis DSN as Symfony does: `redis://[password@|user:password@]host[:port][/stream[/group[/consumer]]][?options]`,
 * `redis:///path/to/redis.sock`, several comma-separated hosts for a Redis Cluster (or for the
 * Sentinels, with `sentinel_master`). Options go after the last host.
 */
export function parseRedisDsn(raw: string, sentinelMaster: string | undefined): RedisTarget {
  const parts = raw.split(',').map((part) => part.trim());
  const dsns = parts.map((part, index) => {
    const dsn = Dsn.parse(part);
    if (!(REDIS_SCHEMES as readonly string[]).includes(dsn.scheme))
      throw new InvalidArgumentException(
        `The Redis DSN "${maskDsn(raw)}" is invalid: every host must start with redis://, rediss://, valkey:// or valkeys://.`,
      );
    if (index < parts.length - 1 && Object.keys(dsn.query).length > 0)
      throw new InvalidArgumentException(
        `The Redis DSN "${maskDsn(raw)}" has options before its last host: write them once, after the last host.`,
      );
    return dsn;
  });
  const first = dsns[0]!;
  const socket = dsns.length === 1 && first.host === '' && first.path !== '' ? decodeDsnPart(first.path) : undefined;
  const withPath = [...dsns].reverse().find((dsn) => dsn.path.replace(/\/+$/, '') !== '');
  const [, stream, group, consumer] =
    socket === undefined && withPath ? withPath.path.replace(/\/+$/, '').split('/').map(decodeDsnPart) : [];
  const credentials = dsns.find((dsn) => dsn.user !== undefined || dsn.password !== undefined);
  return {
    kind: sentinelMaster !== undefined ? 'sentinel' : dsns.length > 1 ? 'cluster' : 'standalone',
    addresses:
      socket === undefined
        ? dsns.map((dsn) => ({ host: dsn.host.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1', port: dsn.port ?? 6379 }))
        : [],
    socket,
    tls: TLS_SCHEMES.has(first.scheme),
    ...credentialsOf(credentials),
    stream: stream || undefined,
    group: group || undefined,
    consumer: consumer || undefined,
    label: maskDsn(raw.split('?')[0]!),
  };
}

/** A lone `secret@` is the password (as phpredis takes it); user "default" is Redis' own default user. */
function credentialsOf(dsn: Dsn | undefined): { user: string | undefined; password: string | undefined } {
  if (dsn === undefined) return { user: undefined, password: undefined };
  if (dsn.password === undefined) return { user: undefined, password: dsn.user || undefined };
  const user = dsn.user === '' || dsn.user === 'default' ? undefined : dsn.user;
  return { user, password: dsn.password || undefined };
}
