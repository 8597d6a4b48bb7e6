import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import {
  AsMessageHandler,
  Dsn,
  JsonSerializer,
  type Messenger,
  type MessageBusInterface,
  MessageTypeRegistry,
  MockClock,
  WorkerMessageHandledEvent,
} from '../../src/index.js';
import type { RedisTransport } from '../../src/transport/redis/RedisTransport.js';
import { RedisTransportFactory } from '../../src/transport/redis/RedisTransportFactory.js';
import { deleteStream, REDIS_URL, redisClient } from '../support/redis.js';
import { messengerOnRedis, uniqueStream } from '../support/redisApp.js';
import { firstOutput, spawnTs } from '../support/tsChild.js';
import { consumeUntil, MemoryLogger } from '../support/workerApp.js';

const TAKE_AND_HANG = new URL('../fixtures/takeAndHang.ts', import.meta.url);

class Job {
  constructor(readonly n: number) {}
}

/** A handler recording each job's number, in `handled`, with the name of the worker. */
function jobRecorder(handled: number[]) {
  @AsMessageHandler(Job)
  class JobHandler {
    __invoke(job: Job): void {
      handled.push(job.n);
    }
  }
  return JobHandler;
}

const client = redisClient();
const streams: string[] = [];
const messengers: Messenger[] = [];
after(async () => {
  for (const m of messengers) await m.close();
  for (const s of streams) await deleteStream(client, s);
  await client.quit();
});

async function app(
  stream: string,
  handled: number[],
  query = '',
  logger?: MemoryLogger,
  transport = 'async',
): Promise<Messenger> {
  streams.push(stream);
  const dsn = `%redis(${stream}${query ? `, ${query}` : ''})%`;
  const messenger = await messengerOnRedis(`transports:\n  ${transport}: ${dsn}\nrouting:\n  Job: ${transport}`, {
    handlers: [jobRecorder(handled)],
    logger,
  });
  messengers.push(messenger);
  return messenger;
}

const sorted = (numbers: readonly number[]): number[] => [...numbers].sort((a, b) => a - b);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('Redis transport with workers', () => {
  it('two workers share 2,000 messages: each is handled once', async () => {
    const stream = uniqueStream();
    const first: number[] = [];
    const second: number[] = [];
    const one = await app(stream, first, 'consumer=worker_1');
    const two = await app(stream, second, 'consumer=worker_2');
    for (const n of range(2000)) await one.dispatch(new Job(n));
    const done = () => first.length + second.length >= 2000;
    await Promise.all([
      consumeUntil(one, { receivers: ['async'], timeoutMs: 60_000 }, done),
      consumeUntil(two, { receivers: ['async'], timeoutMs: 60_000 }, done),
    ]);
    assert.deepEqual(sorted([...first, ...second]), range(2000));
    assert.ok(first.length > 0 && second.length > 0, `both worked: ${first.length} + ${second.length}`);
  });

  it('a message taken by a worker that was SIGKILLed is claimed by a live one after redeliver_timeout', async () => {
    const stream = uniqueStream();
    const handled: number[] = [];
    const messenger = await app(stream, handled, 'consumer=live&redeliver_timeout=0.5&claim_interval=100');
    await messenger.dispatch(new Job(42));
    const child = spawnTs(TAKE_AND_HANG, [`${REDIS_URL}/${stream}`, 'consumer=doomed'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      assert.equal(await firstOutput(child, 'the child worker to say "taken"'), 'taken');
    } finally {
      child.kill('SIGKILL');
    }
    await once(child, 'exit');
    const [[, consumer]] = (await client.call('XPENDING', stream, 'symfony', '-', '+', 10)) as [[string, string]];
    assert.equal(consumer, 'doomed', 'the dead worker still owns it');
    await consumeUntil(messenger, { receivers: ['async'], timeoutMs: 20_000 }, () => handled.length > 0);
    assert.deepEqual(handled, [42]);
  });

  it('survives the loss of its connection (CLIENT KILL): logged, nothing lost, nothing handled twice', async () => {
    const stream = uniqueStream();
    const handled: number[] = [];
    const logger = new MemoryLogger();
    // A transport name of its own: the connection name (messenger:<transport>) finds only its connections.
    const name = stream.replace(/^test/, 'survivor');
    const messenger = await app(stream, handled, 'consumer=survivor', logger, name);
    for (const n of range(300)) await messenger.dispatch(new Job(n));
    let killed = 0;
    await consumeUntil(
      messenger,
      { receivers: [name], timeoutMs: 30_000, logger },
      () => handled.length >= 300,
      (worker) =>
        worker.on(WorkerMessageHandledEvent, () => {
          if (handled.length % 100 === 50) void killConnections(`messenger:${name}`).then((n) => (killed += n));
        }),
    );
    assert.ok(killed > 0, 'connections were killed');
    assert.deepEqual(sorted(handled), range(300));
    const messages = logger.records.map((r) => `${r.level} ${r.message}`);
    assert.ok(
      messages.some((m) => /^warning Redis .*: connection lost/.test(m)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => /^info Redis .*: connection restored/.test(m)),
      messages.join('\n'),
    );
  });

  it('warns when two live workers share one consumer name', async () => {
    const stream = uniqueStream();
    streams.push(stream);
    const clock = new MockClock();
    const open = () =>
      new RedisTransportFactory().createTransport(
        Dsn.parse(`${REDIS_URL}/${stream}`),
        { consumer: 'same' },
        {
          name: 'async',
          serializer: new JsonSerializer(new MessageTypeRegistry([Job])),
          projectDir: '.',
          bus: {} as MessageBusInterface,
          clock,
        },
      ) as Promise<RedisTransport>;
    const [a, b] = [await open(), await open()];
    const logger = new MemoryLogger();
    a.setLogger(logger);
    b.setLogger(logger);
    try {
      for (let i = 0; i < 4; i++) {
        await a.get();
        await b.get();
        clock.advance(2500);
      }
    } finally {
      await a.close();
      await b.close();
    }
    const warnings = logger.records.filter((r) => r.level === 'warning').map((r) => r.message);
    assert.ok(warnings.length >= 1, 'warned');
    assert.match(
      warnings[0]!,
      /Another live worker consumes the Redis stream ".*" \(group "symfony"\) as consumer "same"/,
    );
    assert.match(warnings[0]!, /MESSENGER_CONSUMER_NAME/);
  });

  it('a worker that stopped cleanly and starts again under its name is not taken for a second worker', async () => {
    const stream = uniqueStream();
    streams.push(stream);
    const handled: number[] = [];
    const logger = new MemoryLogger();
    for (let run = 0; run < 2; run++) {
      const messenger = await app(stream, handled, 'consumer=steady', logger);
      await messenger.dispatch(new Job(run));
      await consumeUntil(messenger, { receivers: ['async'], logger }, () => handled.length > run);
      await messenger.close();
    }
    assert.deepEqual(handled, [0, 1]);
    assert.deepEqual(
      logger.records.filter((r) => r.level === 'warning'),
      [],
    );
  });
});

/** Kills the server side of every client connection with this name; how many were killed. */
async function killConnections(name: string): Promise<number> {
  const list = (await client.call('CLIENT', 'LIST')) as string;
  const ids = list
    .split('\n')
    .filter((line) => line.includes(` name=${name} `))
    .map((line) => /id=(\d+)/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);
  for (const id of ids) await client.call('CLIENT', 'KILL', 'ID', id);
  return ids.length;
}
