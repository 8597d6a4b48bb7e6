import type { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis';
import { TransportException } from '../../errors/TransportException.js';
import { errorMessage } from '../../support/errorMessage.js';
import type { Dsn } from '../Dsn.js';
import type { TransportContext } from '../TransportFactory.js';
import { ConnectionState, type RedisClient } from './RedisCommands.js';
import { RedisConnection } from './RedisConnection.js';
import { type RedisConfiguration, redisConfiguration } from './RedisOptions.js';
import { RedisTransport } from './RedisTransport.js';
import { parseRedisDsn, type RedisTarget } from './redisDsn.js';

type IoRedis = Pick<typeof import('ioredis'), 'Redis' | 'Cluster'>;

/** Builds the transport on an ioredis client (loaded now, and only for Redis DSNs). */
export async function createRedisTransport(
  dsn: Dsn,
  options: Readonly<Record<string, unknown>>,
  context: TransportContext,
): Promise<RedisTransport> {
  const read = redisConfiguration(options, context.environment);
  const target = parseRedisDsn(dsn.raw, read.sentinelMaster);
  // The DSN path names stream, group and consumer, and wins over the options (as in Symfony).
  const configuration: RedisConfiguration = {
    ...read,
    stream: target.stream ?? read.stream,
    group: target.group ?? read.group,
    consumer: target.consumer ?? read.consumer,
    tls: read.tls || target.tls,
  };
  if (configuration.persistentId !== undefined)
    process.emitWarning(
      `Transport "${context.name}": the Redis option persistent_id has no meaning in Node (a worker keeps one connection for its lifetime); it is ignored.`,
      { code: 'MESSENGER_REDIS_OPTION' },
    );
  const ioredis = await importIoredis(target.label);
  const label = `Redis ${target.label}`;
  const state = new ConnectionState();
  const client = createClient(ioredis, target, configuration, context.name, state);
  const blocking: RedisClient[] = [];
  const clock = context.clock;
  const connection = new RedisConnection({
    configuration,
    client,
    blockingClient: () => {
      const duplicate: RedisClient =
        client instanceof ioredis.Cluster ? client.duplicate() : (client as Redis).duplicate();
      duplicate.on('error', () => undefined);
      blocking.push(duplicate);
      return duplicate;
    },
    label,
    cluster: target.kind === 'cluster',
    now: clock === undefined ? Date.now : () => clock.now(),
    state,
  });
  const transport = new RedisTransport(connection, context.serializer, context.logger, async () => {
    state.closed = true;
    await Promise.all([client, ...blocking].map((c) => quit(c)));
  });
  watchConnection(client, label, connection, transport, state);
  return transport;
}

async function importIoredis(label: string): Promise<IoRedis> {
  try {
    return await import('ioredis');
  } catch (error) {
    throw new TransportException(
      `Redis ${label}: the "ioredis" package could not be loaded (${errorMessage(error)}). Install it: npm install ioredis`,
      { cause: error },
    );
  }
}

function createClient(
  ioredis: IoRedis,
  target: RedisTarget,
  c: RedisConfiguration,
  name: string,
  state: ConnectionState,
): RedisClient {
  const retryStrategy = (times: number): number | null => state.retryDelay(times, c.retryInterval);
  const options: RedisOptions = {
    lazyConnect: c.lazy,
    db: c.dbIndex,
    username: target.user,
    password: c.auth ?? target.password,
    tls: c.tls ? {} : undefined,
    connectTimeout: c.connectTimeout > 0 ? c.connectTimeout : undefined,
    commandTimeout: c.readTimeout > 0 ? c.readTimeout : undefined,
    retryStrategy,
    connectionName: `messenger:${name}`,
    // RESP2, as phpredis speaks: replies have the shapes Symfony's code (and ours) expect.
    protocol: 2,
  };
  if (target.kind === 'cluster') {
    const clusterOptions: ClusterOptions = {
      lazyConnect: c.lazy,
      redisOptions: options,
      clusterRetryStrategy: retryStrategy,
    };
    return new ioredis.Cluster([...target.addresses], clusterOptions) as Cluster;
  }
  if (target.kind === 'sentinel')
    return new ioredis.Redis({
      ...options,
      sentinels: [...target.addresses],
      name: c.sentinelMaster,
      sentinelRetryStrategy: retryStrategy,
    }) as Redis;
  if (target.socket !== undefined) return new ioredis.Redis({ ...options, path: target.socket }) as Redis;
  const [address] = target.addresses;
  return new ioredis.Redis({ ...options, host: address!.host, port: address!.port }) as Redis;
}

/**
 * Reports a lost connection and its return (ioredis reconnects by itself and sends again the
 * commands that got no reply), and tells the connection a reply may have been lost.
 */
function watchConnection(
  client: RedisClient,
  label: string,
  connection: RedisConnection,
  transport: RedisTransport,
  state: ConnectionState,
): void {
  let lost = false;
  client.on('error', (error: unknown) => {
    state.lastError = errorMessage(error);
  });
  client.on('ready', () => {
    if (lost) {
      transport.report('info', `${label}: connection restored.`);
      connection.connectionRestored();
    }
    state.everReady = true;
    state.lastError = '';
    lost = false;
  });
  client.on('close', () => {
    if (!state.everReady || lost || transport.isClosing) return;
    lost = true;
    const reason = state.lastError ? ` (${state.lastError})` : '';
    transport.report('warning', `${label}: connection lost${reason}; reconnecting.`);
  });
}

/** QUIT when connected (replies still due arrive first); otherwise drop the connection, never wait for a server that is away. */
async function quit(client: RedisClient): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
