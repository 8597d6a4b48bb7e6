// A Symfony Messenger 5.4 application (PHP, Debian's packages: see .ci/run) and a messenger-ts
// application share one Redis stream, in both directions, delayed messages included.
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
import { Redis } from 'ioredis';

const REDIS_URL = process.env['MESSENGER_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SCRIPT = new URL('symfony/messenger.php', import.meta.url).pathname;

@AsMessage({ type: 'App\\Message\\Greeting' })
class Greeting {
  constructor(
    readonly text: string,
    readonly from: string | null = null,
  ) {}
}

const redis = new Redis(REDIS_URL);
const streams: string[] = [];
after(async () => {
  for (const stream of streams) await redis.del(stream, `${stream}__queue`);
  await redis.quit();
});

function newStream(): string {
  const stream = `interop_${process.pid}_${randomBytes(4).toString('hex')}`;
  streams.push(stream);
  return stream;
}

async function nodeApp(stream: string, handled: Greeting[]): Promise<Messenger> {
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
    `framework:\n  messenger:\n    transports:\n      redis: '${REDIS_URL}/${stream}'\n    routing:\n      Greeting: redis\n`,
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
  const worker = messenger.createWorker({ receivers: ['redis'], stopOnRestartSignal: false });
  const deadline = Date.now() + timeoutMs;
  worker.on(WorkerRunningEvent, (event) => {
    if (done() || Date.now() > deadline) event.worker.stop();
  });
  await worker.run({ sleep: 50 });
  assert.ok(done(), `our worker did not get there within ${timeoutMs} ms`);
}

describe('Redis streams shared with a Symfony Messenger 5.4 application (PHP)', () => {
  it('our worker handles what Symfony dispatched, delayed messages included', async () => {
    const stream = newStream();
    php('dispatch', `${REDIS_URL}/${stream}`, 'later', '700');
    php('dispatch', `${REDIS_URL}/${stream}`, 'now');
    const handled: Greeting[] = [];
    const messenger = await nodeApp(stream, handled);
    try {
      await consume(messenger, () => handled.length === 2);
    } finally {
      await messenger.close();
    }
    assert.deepEqual(
      handled.map((g) => [g.constructor, g.text, g.from]),
      [
        [Greeting, 'now', 'symfony'],
        [Greeting, 'later', 'symfony'],
      ],
    );
  });

  it('Symfony’s worker handles what we dispatched, delayed messages included', async () => {
    const stream = newStream();
    const messenger = await nodeApp(stream, []);
    try {
      await messenger.dispatch(new Greeting('later', 'node'), [new DelayStamp(700)]);
      await messenger.dispatch(new Greeting('now', 'node'));
    } finally {
      await messenger.close();
    }
    assert.deepEqual(await symfonyWorker(`${REDIS_URL}/${stream}`, 2), [
      { text: 'now', from: 'node' },
      { text: 'later', from: 'node' },
    ]);
    assert.equal(await redis.xlen(stream), 0, 'Symfony acknowledged and deleted both');
  });
});
