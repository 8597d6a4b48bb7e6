// A Symfony Messenger 5.4 application (PHP, Debian's packages php-amqp and
// php-symfony-amqp-messenger: see test/setup) and a messenger-ts application share one RabbitMQ
// exchange, its queue and its delay queues, in both directions.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  AsMessage,
  AsMessageHandler,
  createMessenger,
  DelayStamp,
  type Messenger,
  WorkerRunningEvent,
} from '@messenger-ts/runtime';
import { connect } from 'amqplib';

const AMQP_URL = process.env['MESSENGER_TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const SCRIPT = new URL('symfony/messenger.php', import.meta.url).pathname;

@AsMessage({ type: 'App\\Message\\Greeting' })
class Greeting {
  constructor(
    readonly text: string,
    readonly from: string | null = null,
  ) {}
}

const client = await connect(AMQP_URL);
const exchanges: string[] = [];
after(async () => {
  const channel = await client.createChannel();
  for (const exchange of exchanges) {
    for (const queue of [exchange, `delay_${exchange}__700_delay`]) await channel.deleteQueue(queue);
    await channel.deleteExchange(exchange);
  }
  await client.close();
});

/** An exchange (and its queue) of its own; delays go through Symfony's default "delays" exchange, shared. */
function newExchange(): { exchange: string; dsn: string } {
  const exchange = `interop_${process.pid}_${randomBytes(4).toString('hex')}`;
  exchanges.push(exchange);
  return { exchange, dsn: `${AMQP_URL}/%2f/${exchange}` };
}

async function nodeApp(dsn: string, handled: Greeting[]): Promise<Messenger> {
  @AsMessageHandler(Greeting)
  class GreetingHandler {
    __invoke(greeting: Greeting): void {
      handled.push(greeting);
    }
  }
  const projectDir = mkdtempSync(join(tmpdir(), 'messenger-interop-'));
  mkdirSync(join(projectDir, 'config/packages'), { recursive: true });
  writeFileSync(
    join(projectDir, 'config/packages/messenger.yaml'),
    `framework:\n  messenger:\n    transports:\n      amqp: '${dsn}'\n    routing:\n      Greeting: amqp\n`,
  );
  return createMessenger({ projectDir, handlers: [GreetingHandler], processEnv: {} });
}

function php(...args: string[]): void {
  const result = spawnSync('php', [SCRIPT, ...args], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, `php ${args.join(' ')} failed: ${result.error?.message ?? ''}${result.stderr}`);
}

/** Runs Symfony's worker until it handled `count` messages; the JSON lines it printed. */
async function symfonyWorker(dsn: string, count: number, timeoutMs = 30_000): Promise<Array<Record<string, unknown>>> {
  const child = spawn('php', [SCRIPT, 'consume', dsn, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  assert.equal(code, 0, `Symfony's worker did not handle ${count} messages within ${timeoutMs} ms: ${stdout}${stderr}`);
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function consume(messenger: Messenger, done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const worker = messenger.createWorker({ receivers: ['amqp'], stopOnRestartSignal: false });
  const deadline = Date.now() + timeoutMs;
  worker.on(WorkerRunningEvent, (event) => {
    if (done() || Date.now() > deadline) event.worker.stop();
  });
  await worker.run({ sleep: 50 });
  assert.ok(done(), `our worker did not get there within ${timeoutMs} ms`);
}

const texts = (greetings: readonly Greeting[]): string[][] =>
  greetings.map((g) => [g.constructor.name, g.text, String(g.from)]);

describe('a RabbitMQ exchange shared with a Symfony Messenger 5.4 application (PHP)', () => {
  it('our worker handles what Symfony dispatched, delayed messages included, on the topology Symfony declared', async () => {
    const { dsn } = newExchange();
    php('dispatch', dsn, 'later', '700');
    php('dispatch', dsn, 'now');
    const handled: Greeting[] = [];
    const messenger = await nodeApp(dsn, handled);
    try {
      // Declares the same exchange, queue and delay queue again: RabbitMQ refuses any difference.
      await messenger.dispatch(new Greeting('ours, later', 'node'), [new DelayStamp(700)]);
      await consume(messenger, () => handled.length === 3);
    } finally {
      await messenger.close();
    }
    assert.deepEqual(texts(handled.slice(0, 1)), [['Greeting', 'now', 'symfony']]);
    assert.deepEqual(texts(handled.slice(1)).sort(), [
      ['Greeting', 'later', 'symfony'],
      ['Greeting', 'ours, later', 'node'],
    ]);
  });

  it('Symfony’s worker handles what we dispatched, delayed messages included', async () => {
    const { dsn } = newExchange();
    const messenger = await nodeApp(dsn, []);
    try {
      await messenger.dispatch(new Greeting('later', 'node'), [new DelayStamp(700)]);
      await messenger.dispatch(new Greeting('now', 'node'));
    } finally {
      await messenger.close();
    }
    // Symfony declares our exchange, queue and delay queue again as it dispatches one delayed message too.
    php('dispatch', dsn, 'theirs, later', '700');
    const received = await symfonyWorker(dsn, 3);
    assert.deepEqual(received[0], { text: 'now', from: 'node' });
    assert.deepEqual(
      received.slice(1).map((r) => r['text']),
      ['later', 'theirs, later'],
    );
  });
});
