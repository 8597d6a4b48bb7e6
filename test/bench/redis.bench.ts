/**
 * Consuming 10,000 messages (no-op handler) from Redis, in one run:
 *   - our worker on the Redis transport (Symfony's defaults: delete_after_ack), 1 and 4 worker processes,
 *     and 1 process with --fetch-size 32 --concurrency 10 (BullMQ's concurrency 10 counterpart)
 *   - a raw ioredis loop doing the same Redis work as our worker: XREADGROUP COUNT 32 (what a worker
 *     with a backlog reads), then per message XACK + XDEL (delete_after_ack); and the same with
 *     COUNT 1 (Symfony's PHP worker reads one entry per XREADGROUP)
 *   - BullMQ's worker, concurrency 1 and 10 (removeOnComplete, the same "delete when done")
 * Each side is measured from the first take to the last acknowledgement, the queue filled
 * beforehand (worker processes started and connected before the clock starts); sides alternate
 * and the best of ROUNDS rounds of each is kept.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createMessenger, Envelope } from '@messenger-ts/runtime';
import { Queue, Worker as BullWorker } from 'bullmq';
import { Redis } from 'ioredis';
import { ratio, report } from './support/measure.js';
import { Ping } from './support/ping.js';
import { bestOfRounds, pingProject, rate, scratchDir, timed } from './support/transportBench.js';
import { drainWithWorkerProcesses } from './support/workerProcesses.js';

const COUNT = 10_000;
const ROUNDS = 3;
const WARMUP = 3_000;
const REDIS_URL = process.env['MESSENGER_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const dir = scratchDir('redis');
const redis = new Redis(REDIS_URL);

const streamName = (): string => `bench_${process.pid}_${randomBytes(3).toString('hex')}`;

/** A project whose `async` transport is this stream, filled with COUNT messages through our sender (and `warmup` with WARMUP). */
async function filledProject(stream: string, warmupMessages = 0): Promise<string> {
  const projectDir = pingProject(join(dir, stream), {
    async: `${REDIS_URL}/${stream}`,
    warmup: `${REDIS_URL}/${stream}_warmup`,
  });
  const messenger = await createMessenger({ projectDir, messages: [Ping], processEnv: {} });
  for (let i = 0; i < COUNT; i++) await messenger.dispatch(new Ping(i));
  // What a worker process consumes before the clock starts, so that it is measured warm, as the loops of this process are.
  const warmup = messenger.getTransport('warmup');
  for (let i = 0; i < warmupMessages; i++) await warmup.send(Envelope.wrap(new Ping(i)));
  await messenger.close();
  return projectDir;
}

/** Our worker in `workers` processes (started and connected before the clock starts). */
async function ourWorkers(workers: number, batch = { fetchSize: 1, concurrency: 1 }): Promise<number> {
  const stream = streamName();
  const projectDir = await filledProject(stream, WARMUP);
  const { seconds, handled } = await drainWithWorkerProcesses(projectDir, workers, batch);
  await redis.del(stream, `${stream}__queue`, `${stream}_warmup`);
  if (handled !== COUNT) throw new Error(`${workers} worker(s) handled ${handled} messages, not ${COUNT}.`);
  return seconds;
}

/** The raw loop: the commands the transport sends, nothing else (the PHP-serialized envelope is parsed, as JSON). */
async function rawLoop(readCount: number): Promise<number> {
  const stream = streamName();
  await filledProject(stream);
  // RESP2, as the transport speaks it.
  const client = new Redis(REDIS_URL, { protocol: 2 });
  await client.call('XGROUP', 'CREATE', stream, 'raw', 0, 'MKSTREAM');
  const start = process.hrtime.bigint();
  for (let handled = 0; handled < COUNT; ) {
    const reply = (await client.call('XREADGROUP', 'GROUP', 'raw', 'c', 'COUNT', readCount, 'STREAMS', stream, '>')) as
      | [[string, Array<[string, string[]]>]]
      | null;
    const entries = reply?.[0]?.[1] ?? [];
    for (const [id, fields] of entries) {
      JSON.parse(fields[1]!.slice(fields[1]!.indexOf(':"') + 2, -2));
      await Promise.all([client.call('XACK', stream, 'raw', id), client.call('XDEL', stream, id)]);
      handled++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await client.del(stream, `${stream}_warmup`);
  client.disconnect();
  return seconds;
}

async function bullmq(concurrency: number): Promise<number> {
  const name = streamName();
  const connection = { host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) };
  const queue = new Queue(name, { connection });
  for (let i = 0; i < COUNT; i += 1000)
    await queue.addBulk(
      Array.from({ length: 1000 }, (_, k) => ({ name: 'ping', data: { n: i + k }, opts: { removeOnComplete: true } })),
    );
  let handled = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new BullWorker(
    name,
    async () => {
      if (++handled === COUNT) setImmediate(finish);
    },
    { connection, concurrency, autorun: false },
  );
  await worker.waitUntilReady();
  const seconds = await timed(async () => {
    void worker.run();
    await finished;
  });
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return seconds;
}

const sides = {
  raw: () => rawLoop(32),
  raw1: () => rawLoop(1),
  one: () => ourWorkers(1),
  four: () => ourWorkers(4),
  batched: () => ourWorkers(1, { fetchSize: 32, concurrency: 10 }),
  bull1: () => bullmq(1),
  bull10: () => bullmq(10),
};
const results = await bestOfRounds(ROUNDS, sides);
const n = COUNT.toLocaleString('en-US');
const one = rate(`worker consume, Redis, 1 worker (${n} messages, no-op)`, COUNT, results.one);
const four = rate('worker consume, Redis, 4 worker processes', COUNT, results.four);
const batched = rate('worker consume, Redis, 1 worker, --fetch-size 32 --concurrency 10', COUNT, results.batched);
const raw = rate('raw ioredis loop: XREADGROUP COUNT 32, XACK + XDEL each', COUNT, results.raw);
const raw1 = rate('raw ioredis loop: XREADGROUP COUNT 1, XACK + XDEL', COUNT, results.raw1);
const bull1 = rate('BullMQ Worker, concurrency 1 (removeOnComplete)', COUNT, results.bull1);
const bull10 = rate('BullMQ Worker, concurrency 10 (removeOnComplete)', COUNT, results.bull10);
report(
  'Worker on Redis',
  [one, four, batched, raw, raw1, bull1, bull10],
  [
    ratio('1 worker / raw ioredis loop', one, raw),
    ratio('1 worker / BullMQ concurrency 10', one, bull10),
    ratio('4 workers / BullMQ concurrency 10', four, bull10),
    ratio('1 worker, fetch 32 x concurrency 10 / BullMQ concurrency 10', batched, bull10),
  ],
  `goals: 1 worker >= 0.7 x raw loop, faster than BullMQ at concurrency 10 (the same concurrency); best of ${ROUNDS} rounds each`,
);
await redis.quit();
