import type { Dsn } from '../Dsn.js';
import type { Transport } from '../Transport.js';
import type { TransportContext, TransportFactory } from '../TransportFactory.js';
import { REDIS_OPTIONS } from './RedisOptions.js';
import { REDIS_SCHEMES } from './redisDsn.js';

/**
 * Symfony's Redis transport (streams) for `redis://`, `rediss://`, `valkey://` and `valkeys://`.
 * The option specs are plain data; ioredis is imported only when a transport is created.
 */
export class RedisTransportFactory implements TransportFactory {
  readonly schemes = REDIS_SCHEMES;
  readonly label = 'Redis';
  readonly options = REDIS_OPTIONS;

  async createTransport(
    dsn: Dsn,
    options: Readonly<Record<string, unknown>>,
    context: TransportContext,
  ): Promise<Transport> {
    const { createRedisTransport } = await import('./createRedisTransport.js');
    return createRedisTransport(dsn, options, context);
  }
}
