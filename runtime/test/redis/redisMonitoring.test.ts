// The monitoring capability on Redis, beyond the contract: the group's live consumers (those
// whose liveness key beats), and when a received message was added (its entry id's time).
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { AvailableAtStamp, Dsn, Envelope, type MonitorableTransport, type Transport } from '../../src/index.js';
import { ContractNote, contractSerializer } from '../../src/testing/contract/messages.js';
import { RedisTransportFactory } from '../../src/transport/redis/RedisTransportFactory.js';
import { deleteStream, REDIS_URL, redisClient } from '../support/redis.js';
import { uniqueStream } from '../support/redisApp.js';

const client = redisClient();
const stream = uniqueStream('monitoring');
const opened: Transport[] = [];
after(async () => {
  for (const transport of opened) await transport.close?.();
  await deleteStream(client, stream);
  await client.quit();
});

async function open(consumer: string): Promise<Transport & MonitorableTransport> {
  const transport = await new RedisTransportFactory().createTransport(
    Dsn.parse(`${REDIS_URL}/${stream}`),
    { consumer },
    {
      name: 'async',
      serializer: contractSerializer(),
      projectDir: '.',
      bus: { dispatch: () => Promise.reject(new Error('no bus')) },
    },
  );
  opened.push(transport);
  return transport as Transport & MonitorableTransport;
}

it('counts the live consumers of the group, and dates a received message by its entry id', async () => {
  const monitor = await open('monitor');
  const workers = [await open('worker-1'), await open('worker-2')];
  const before = Date.now();
  await monitor.send(Envelope.wrap(new ContractNote('a')));
  await monitor.send(Envelope.wrap(new ContractNote('b')));
  const queued = await monitor.getQueueSnapshot();
  assert.equal(queued.count, 2);
  assert.equal(queued.consumers, 0, 'nobody read the stream yet');
  const taken = [...(await workers[0]!.get()), ...(await workers[1]!.get())];
  assert.equal(taken.length, 2);
  const at = taken[0]!.last(AvailableAtStamp)?.at;
  // Redis dates entries with its own clock (this machine's): within a minute of ours.
  assert.ok(at !== undefined && Math.abs(at - before) < 60_000, `added at ${at}, sent at ${before}`);
  assert.equal((await monitor.getQueueSnapshot()).consumers, 2);
  for (const [i, envelope] of taken.entries()) await workers[i]!.ack(envelope);
});
