/**
 * RabbitMQ, in one run:
 *   - consuming 10,000 persistent messages (no-op handler): our worker on the AMQP transport
 *     (prefetch_count 10, its default), 1 and 4 worker processes, next to a raw amqplib consumer
 *     with the same prefetch, manual acks, the body parsed as JSON;
 *   - publishing 5,000 persistent messages with publisher confirms: our dispatch() one at a time
 *     next to raw amqplib publish + confirm one at a time, and our sendMany() next to raw amqplib
 *     publishing them all then waiting for the confirms.
 * Consumers are measured from the go to the last acknowledgement, the queue filled beforehand
 * (worker processes started, connected and warmed up before the clock starts); sides alternate
 * and the best of ROUNDS rounds of each is kept.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createMessenger, Envelope, type Messenger } from '@messenger-ts/runtime';
import { type ChannelModel, connect } from 'amqplib';
import { ratio, report } from './support/measure.js';
import { Ping } from './support/ping.js';
import { bestOfRounds, pingProject, rate, scratchDir, timed } from './support/transportBench.js';
import { drainWithWorkerProcesses } from './support/workerProcesses.js';

const COUNT = 10_000;
const PUBLISH = 5_000;
const PREFETCH = 10;
const ROUNDS = 3;
const WARMUP = 3_000;
const AMQP_URL = process.env['MESSENGER_TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const dir = scratchDir('amqp');
const client: ChannelModel = await connect(AMQP_URL);

const exchangeName = (): string => `bench_${process.pid}_${randomBytes(3).toString('hex')}`;

/** A project whose `async` transport is this exchange (and its queue), and `warmup` another. */
async function project(exchange: string): Promise<{ projectDir: string; messenger: () => Promise<Messenger> }> {
  const projectDir = pingProject(join(dir, exchange), {
    async: `${AMQP_URL}/%2f/${exchange}?prefetch_count=${PREFETCH}`,
    warmup: `${AMQP_URL}/%2f/${exchange}_warmup?prefetch_count=${PREFETCH}`,
  });
  return { projectDir, messenger: () => createMessenger({ projectDir, messages: [Ping], processEnv: {} }) };
}

/** Fills the `async` queue with COUNT messages through our sender (and `warmup` with `warmup`), 500 at a time. */
async function filled(exchange: string, warmupMessages = 0): Promise<string> {
  const { projectDir, messenger: open } = await project(exchange);
  const messenger = await open();
  for (const [name, count] of [
    ['async', COUNT],
    ['warmup', warmupMessages],
  ] as const) {
    const transport = messenger.getTransport(name);
    for (let i = 0; i < count; i += 500)
      await transport.sendMany!(
        Array.from({ length: Math.min(500, count - i) }, (_, k) => Envelope.wrap(new Ping(i + k))),
      );
  }
  await messenger.close();
  return projectDir;
}

async function drop(exchange: string): Promise<void> {
  const channel = await client.createChannel();
  for (const name of [exchange, `${exchange}_warmup`]) {
    await channel.deleteQueue(name);
    await channel.deleteExchange(name);
  }
  await channel.close();
}

/** Our worker in `workers` processes (started, connected and warmed up before the clock starts). */
async function ourWorkers(workers: number): Promise<number> {
  const exchange = exchangeName();
  const projectDir = await filled(exchange, WARMUP);
  const { seconds, handled } = await drainWithWorkerProcesses(projectDir, workers);
  await drop(exchange);
  if (handled !== COUNT) throw new Error(`${workers} worker(s) handled ${handled} messages, not ${COUNT}.`);
  return seconds;
}

/** The raw consumer: basic.consume with the same prefetch, the body parsed, one basic.ack per message. */
async function rawConsumer(): Promise<number> {
  const exchange = exchangeName();
  await filled(exchange);
  const channel = await client.createChannel();
  await channel.prefetch(PREFETCH);
  let handled = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const seconds = await timed(async () => {
    await channel.consume(exchange, (message) => {
      if (message === null) return;
      JSON.parse(message.content.toString());
      channel.ack(message);
      if (++handled === COUNT) finish();
    });
    await finished;
  });
  await channel.close();
  await drop(exchange);
  return seconds;
}

/** Our dispatch() (one at a time) or sendMany() (all at once), each resolved once RabbitMQ confirmed. */
async function ourPublish(batch: boolean): Promise<number> {
  const exchange = exchangeName();
  const { messenger: open } = await project(exchange);
  const messenger = await open();
  const transport = messenger.getTransport('async');
  await messenger.dispatch(new Ping(-1)); // connects and declares before the clock starts
  const seconds = await timed(async () => {
    if (batch) await transport.sendMany!(Array.from({ length: PUBLISH }, (_, i) => Envelope.wrap(new Ping(i))));
    else for (let i = 0; i < PUBLISH; i++) await messenger.dispatch(new Ping(i));
  });
  await messenger.close();
  await drop(exchange);
  return seconds;
}

/** Raw amqplib on a confirm channel: persistent JSON messages, each confirm awaited, or all awaited at the end. */
async function rawPublish(batch: boolean): Promise<number> {
  const exchange = exchangeName();
  const channel = await client.createConfirmChannel();
  await channel.assertExchange(exchange, 'fanout', { durable: true });
  await channel.assertQueue(exchange, { durable: true });
  await channel.bindQueue(exchange, exchange, '');
  await channel.assertQueue(`${exchange}_warmup`, { durable: true });
  const publish = (i: number, done?: (error: unknown) => void): boolean =>
    channel.publish(
      exchange,
      '',
      Buffer.from(JSON.stringify({ n: i })),
      {
        persistent: true,
        contentType: 'application/json',
        headers: { type: 'Ping' },
        timestamp: Math.floor(Date.now() / 1000),
      },
      done,
    );
  const seconds = await timed(async () => {
    if (batch) {
      for (let i = 0; i < PUBLISH; i++) publish(i);
      await channel.waitForConfirms();
    } else
      for (let i = 0; i < PUBLISH; i++)
        await new Promise<void>((resolve, reject) => publish(i, (error) => (error ? reject(error) : resolve())));
  });
  await channel.close();
  await drop(exchange);
  return seconds;
}

const sides = {
  raw: () => rawConsumer(),
  one: () => ourWorkers(1),
  four: () => ourWorkers(4),
  rawSend: () => rawPublish(false),
  send: () => ourPublish(false),
  rawBatch: () => rawPublish(true),
  batch: () => ourPublish(true),
};
const results = await bestOfRounds(ROUNDS, sides);
const n = COUNT.toLocaleString('en-US');
const p = PUBLISH.toLocaleString('en-US');
const one = rate(`worker consume, AMQP, 1 worker (${n} persistent, no-op)`, COUNT, results.one);
const four = rate('worker consume, AMQP, 4 worker processes', COUNT, results.four);
const raw = rate(`raw amqplib consumer, prefetch ${PREFETCH}, manual acks`, COUNT, results.raw);
const send = rate(`dispatch(), one at a time, confirmed (${p})`, PUBLISH, results.send);
const rawSend = rate('raw amqplib publish + confirm, one at a time', PUBLISH, results.rawSend);
const batch = rate(`sendMany() of ${p}, confirmed`, PUBLISH, results.batch);
const rawBatch = rate(`raw amqplib: ${p} publishes, then waitForConfirms()`, PUBLISH, results.rawBatch);
report(
  'Worker and publishing on RabbitMQ',
  [one, four, raw, send, rawSend, batch, rawBatch],
  [
    ratio('1 worker / raw amqplib consumer', one, raw),
    ratio('4 workers / raw amqplib consumer', four, raw),
    ratio('dispatch() / raw publish + confirm', send, rawSend),
    ratio('sendMany() / raw publishes + waitForConfirms()', batch, rawBatch),
  ],
  `goal: 1 worker >= 0.8 x the raw consumer at the same prefetch; best of ${ROUNDS} rounds each`,
);
await client.close();
