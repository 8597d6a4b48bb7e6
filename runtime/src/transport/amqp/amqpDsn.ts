import { InvalidArgumentException } from '../../errors/MessengerException.js';
import { decodeDsnPart, type Dsn, maskDsn } from '../Dsn.js';

export const AMQP_SCHEMES = ['amqp', 'amqps'] as const;

/** Where an AMQP DSN and its options point. */
export interface AmqpTarget {
  readonly tls: boolean;
  readonly host: string;
  readonly port: number;
  readonly vhost: string;
  readonly login: string;
  readonly password: string;
  /** The exchange the DSN path names (`/%2f/messages`), if any. */
  readonly exchange: string | undefined;
  /** The DSN without its query, credentials masked: how messages name this broker. */
  readonly label: string;
}

/**
 * Reads `amqp[s]://[user:password@]host[:port][/vhost[/exchange]][?options]` as Symfony does:
 * the options host, port, vhost, login and password win over the DSN's host, port and vhost,
 * the DSN's user and password over the options. amqps:// defaults to port 5671.
 */
export function parseAmqpDsn(dsn: Dsn, options: Readonly<Record<string, unknown>>): AmqpTarget {
  if (!(AMQP_SCHEMES as readonly string[]).includes(dsn.scheme))
    throw new InvalidArgumentException(`The AMQP DSN "${maskDsn(dsn.raw)}" must start with amqp:// or amqps://.`);
  const tls = dsn.scheme === 'amqps';
  const [vhostPart, exchangePart] = dsn.path.replace(/^\/+|\/+$/g, '').split('/');
  const option = (key: string): string | undefined => {
    const value = options[key];
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const port = option('port') ?? dsn.port ?? (tls ? 5671 : 5672);
  return {
    tls,
    host: option('host') ?? (dsn.host.replace(/^\[(.*)\]$/, '$1') || 'localhost'),
    port: Number(port),
    vhost: option('vhost') ?? (vhostPart ? decodeDsnPart(vhostPart) : '/'),
    login: dsn.user ?? option('login') ?? option('user') ?? 'guest',
    password: dsn.password ?? option('password') ?? 'guest',
    exchange: exchangePart ? decodeDsnPart(exchangePart) : undefined,
    label: maskDsn(dsn.raw.split('?')[0]!),
  };
}
