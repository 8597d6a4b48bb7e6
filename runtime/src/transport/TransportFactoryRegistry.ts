import { InvalidDsnException } from '../errors/InvalidDsnException.js';
import { TransportException } from '../errors/TransportException.js';
import { AmqpTransportFactory } from './amqp/AmqpTransportFactory.js';
import { BeanstalkdTransportFactory } from './beanstalkd/BeanstalkdTransportFactory.js';
import { type Dsn, maskDsn } from './Dsn.js';
import { DoctrineTransportFactory } from './doctrine/DoctrineTransportFactory.js';
import { InMemoryTransportFactory } from './in-memory/InMemoryTransportFactory.js';
import { RedisTransportFactory } from './redis/RedisTransportFactory.js';
import { SyncTransportFactory } from './sync/SyncTransportFactory.js';
import type { TransportContext, TransportFactory } from './TransportFactory.js';
import type { Transport } from './Transport.js';

/**
 * Schemes Symfony users write that this port does not offer (yet). They are not config
 * errors: loading succeeds and creating the transport says what is missing.
 */
const UNAVAILABLE: Readonly<Record<string, string>> = {
  sqs: 'Amazon SQS',
  https: 'Amazon SQS',
};

/** Transport factories keyed by DSN scheme: new transports plug in here without touching the core. */
export class TransportFactoryRegistry {
  private readonly byScheme = new Map<string, TransportFactory>();

  constructor(factories: Iterable<TransportFactory> = defaultTransportFactories()) {
    for (const factory of factories) this.register(factory);
  }

  register(factory: TransportFactory): this {
    for (const scheme of factory.schemes) this.byScheme.set(scheme.toLowerCase(), factory);
    return this;
  }

  /** The factory for a DSN, or undefined when no factory handles its scheme. */
  factoryFor(dsn: string | Dsn): TransportFactory | undefined {
    return this.byScheme.get(schemeOf(dsn));
  }

  schemes(): string[] {
    return [...this.byScheme.keys()];
  }

  /** Why a DSN's scheme is not handled: planned but not built, or unknown. */
  explainUnsupported(dsn: string): string {
    const scheme = schemeOf(dsn);
    const label = UNAVAILABLE[scheme];
    if (label !== undefined) return `the ${label} transport ("${scheme}://") is not available yet`;
    return `no transport supports the DSN "${maskDsn(dsn)}" (unknown scheme "${scheme}"; available: ${this.schemes()
      .map((s) => `${s}://`)
      .join(', ')})`;
  }

  /** True for schemes that are known but not built yet (loading the config is still fine). */
  isPlanned(dsn: string): boolean {
    return UNAVAILABLE[schemeOf(dsn)] !== undefined && !this.byScheme.has(schemeOf(dsn));
  }

  /** Whether a transport with this DSN and options encodes messages; a scheme not built yet is assumed to. */
  serializes(dsn: string, options: Readonly<Record<string, unknown>>): boolean {
    let factory: TransportFactory | undefined;
    try {
      factory = this.factoryFor(dsn);
    } catch {
      return false;
    }
    return factory?.serializes?.(options) ?? true;
  }

  async createTransport(
    dsn: Dsn,
    options: Readonly<Record<string, unknown>>,
    context: TransportContext,
  ): Promise<Transport> {
    const factory = this.factoryFor(dsn);
    if (factory === undefined)
      throw new TransportException(`Transport "${context.name}": ${this.explainUnsupported(dsn.raw)}.`);
    return factory.createTransport(dsn, options, context);
  }
}

function schemeOf(dsn: string | Dsn): string {
  if (typeof dsn !== 'string') return dsn.scheme;
  const index = dsn.indexOf('://');
  if (index <= 0) throw new InvalidDsnException('it does not start with <scheme>://');
  return dsn.slice(0, index).toLowerCase();
}

export function defaultTransportFactories(): TransportFactory[] {
  return [
    new SyncTransportFactory(),
    new InMemoryTransportFactory(),
    DoctrineTransportFactory.sqlite(),
    DoctrineTransportFactory.postgresql(),
    DoctrineTransportFactory.mysql(),
    DoctrineTransportFactory.doctrine(),
    new BeanstalkdTransportFactory(),
    new RedisTransportFactory(),
    new AmqpTransportFactory(),
  ];
}
