import { Redis } from 'ioredis';

/** The Redis server of the machine (.ci/run starts it). A test that cannot reach it fails. */
export const REDIS_URL = process.env['MESSENGER_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A plain client on the test server, to look at streams and to clean up. */
export function redisClient(url: string = REDIS_URL): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
}

/** Deletes a stream and everything the transport keeps beside it (delayed set, consumer liveness keys). */
export async function deleteStream(client: Redis, stream: string): Promise<void> {
  const keys = await client.keys(`${stream}__consumer:*`);
  await client.del(stream, `${stream}__queue`, ...keys);
}
