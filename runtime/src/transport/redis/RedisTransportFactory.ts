import { LazyTransportFactory } from '../TransportFactory.js';
import { REDIS_OPTIONS } from './RedisOptions.js';
import { REDIS_SCHEMES } from './redisDsn.js';

/**
 * Symfony's Redis transport (streams) for `redis://`, `rediss://`, `valkey://` and `valkeys://`.
 * The option specs are plain data; ioredis is imported only when a transport is created.
 */
export class RedisTransportFactory extends LazyTransportFactory {
  constructor() {
    super(
      'Redis',
      REDIS_SCHEMES,
      REDIS_OPTIONS,
      async () => (await import('./createRedisTransport.js')).createRedisTransport,
    );
  }
}
