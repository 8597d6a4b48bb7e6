// The transport contract on a Redis Cluster and behind a Sentinel, each started by the test on loopback ports.
import { after, before } from 'node:test';
import { Dsn } from '../../src/index.js';
import { describeTransportContract, type TransportContractOptions } from '../../src/testing/index.js';
import { RedisTransportFactory } from '../../src/transport/redis/RedisTransportFactory.js';
import { type StartedRedis, startCluster, startSentinel } from '../support/redisServers.js';

let cluster: StartedRedis | undefined;
let sentinel: StartedRedis | undefined;
before(async () => {
  // Both start at once; whichever started is kept for after(), even when the other failed, so
  // no server is left running (it would keep this file's process alive).
  const [clustered, watched] = await Promise.allSettled([startCluster(), startSentinel('mymaster')]);
  if (clustered.status === 'fulfilled') cluster = clustered.value;
  if (watched.status === 'fulfilled') sentinel = watched.value;
  for (const result of [clustered, watched]) if (result.status === 'rejected') throw result.reason;
});
after(async () => {
  await Promise.all([cluster?.stop(), sentinel?.stop()]);
});

const capabilities: TransportContractOptions['capabilities'] = {
  listable: true,
  messageCount: true,
  setup: true,
  keepalive: true,
  waking: true,
  delays: true,
  redelivery: true,
  batch: true,
  monitoring: true,
};

describeTransportContract('Redis Cluster (three masters)', {
  create: (context) =>
    new RedisTransportFactory().createTransport(
      Dsn.parse(`${cluster!.dsn}/${context.queue}`),
      { consumer: context.consumer, redeliver_timeout: 2, claim_interval: 100 },
      context,
    ),
  capabilities,
  redelivery: { timeout: 2000, realTime: true },
});

describeTransportContract('Redis behind a Sentinel (sentinel_master)', {
  create: (context) =>
    new RedisTransportFactory().createTransport(
      Dsn.parse(`${sentinel!.dsn}/${context.queue}`),
      { consumer: context.consumer, redeliver_timeout: 2, claim_interval: 100, sentinel_master: 'mymaster' },
      context,
    ),
  capabilities,
  redelivery: { timeout: 2000, realTime: true },
});
