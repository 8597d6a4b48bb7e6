import { after } from 'node:test';
import { Dsn } from '../../src/index.js';
import { describeTransportContract } from '../../src/testing/index.js';
import { RedisTransportFactory } from '../../src/transport/redis/RedisTransportFactory.js';
import { deleteStream, REDIS_URL, redisClient } from '../support/redis.js';

const client = redisClient();
after(() => client.quit());

describeTransportContract('Redis', {
  create: (context) =>
    new RedisTransportFactory().createTransport(
      Dsn.parse(`${REDIS_URL}/${context.queue}`),
      { consumer: context.consumer, redeliver_timeout: 2, claim_interval: 100 },
      context,
    ),
  cleanup: ({ queue }) => deleteStream(client, queue),
  capabilities: {
    listable: true,
    messageCount: true,
    setup: true,
    keepalive: true,
    waking: true,
    delays: true,
    redelivery: true,
    batch: true,
    monitoring: true,
  },
  redelivery: { timeout: 2000, realTime: true },
});
