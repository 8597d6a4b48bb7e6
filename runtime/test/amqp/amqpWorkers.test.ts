import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { AsMessageHandler, type Messenger } from '../../src/index.js';
import { AMQP_URL, amqpClient, deleteAmqp, readyCount } from '../support/amqp.js';
import { messengerOnAmqp, uniqueName } from '../support/amqpApp.js';
import { firstOutput, spawnTs } from '../support/tsChild.js';
import { consumeUntil, MemoryLogger } from '../support/workerApp.js';

const run = promisify(execFile);
const TAKE_AND_HANG = new URL('../fixtures/takeAndHang.ts', import.meta.url);

class Job {
  constructor(readonly n: number) {}
}

/** A handler recording each job's number; `during` runs (and is awaited) in the handler of the job it names. */
function jobRecorder(handled: number[], during?: { n: number; run: () => Promise<unknown> }) {
  @AsMessageHandler(Job)
  class JobHandler {
    async __invoke(job: Job): Promise<void> {
      if (during?.n === job.n && !handled.includes(job.n)) await during.run();
      handled.push(job.n);
    }
  }
  return JobHandler;
}

const client = await amqpClient();
const exchanges: string[] = [];
const messengers: Messenger[] = [];
const vhosts: string[] = [];
after(async () => {
  for (const m of messengers) await m.close();
  await deleteAmqp(client, { exchanges, queues: exchanges });
  await client.close();
  for (const vhost of vhosts) await rabbitmqctl('delete_vhost', vhost);
});

async function app(
  exchange: string,
  handled: number[],
  {
    logger,
    baseUrl,
    during,
  }: { logger?: MemoryLogger; baseUrl?: string; during?: Parameters<typeof jobRecorder>[1] } = {},
): Promise<Messenger> {
  if (baseUrl === undefined) exchanges.push(exchange);
  const messenger = await messengerOnAmqp(
    `transports:\n  async: %amqp(${exchange})%\nrouting:\n  Job: async`,
    { handlers: [jobRecorder(handled, during)], logger },
    baseUrl,
  );
  messengers.push(messenger);
  return messenger;
}

function rabbitmqctl(...args: string[]): Promise<unknown> {
  return run('rabbitmqctl', args, { timeout: 30_000 });
}

const sorted = (numbers: Iterable<number>): number[] => [...numbers].sort((a, b) => a - b);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('AMQP transport with workers', () => {
  it('two workers share 2,000 messages: each is handled once', async () => {
    const exchange = uniqueName();
    const [first, second]: number[][] = [[], []];
    const one = await app(exchange, first!);
    const two = await app(exchange, second!);
    await one.dispatch(new Job(0)); // declares the exchange and queue
    await Promise.all(range(1999).map((n) => one.dispatch(new Job(n + 1))));
    const done = () => first!.length + second!.length >= 2000;
    await Promise.all([
      consumeUntil(one, { receivers: ['async'], timeoutMs: 60_000 }, done),
      consumeUntil(two, { receivers: ['async'], timeoutMs: 60_000 }, done),
    ]);
    assert.deepEqual(sorted([...first!, ...second!]), range(2000));
    assert.ok(first!.length > 0 && second!.length > 0, `both worked: ${first!.length} + ${second!.length}`);
  });

  it('a message taken by a worker that was SIGKILLed is delivered to a live one', async () => {
    const exchange = uniqueName();
    const handled: number[] = [];
    const messenger = await app(exchange, handled);
    await messenger.dispatch(new Job(42));
    const child = spawnTs(TAKE_AND_HANG, [`${AMQP_URL}/%2f/${exchange}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      assert.equal(await firstOutput(child, 'the child worker to say "taken"'), 'taken');
      assert.equal(await readyCount(client, exchange), 0, 'the dying worker holds it');
    } finally {
      child.kill('SIGKILL');
    }
    await once(child, 'exit');
    await consumeUntil(messenger, { receivers: ['async'], timeoutMs: 20_000 }, () => handled.length > 0);
    assert.deepEqual(handled, [42]);
  });

  it('survives `rabbitmqctl close_all_connections` while consuming: logged, every message handled', async () => {
    // A vhost of its own, so that closing all its connections touches no other test.
    const vhost = uniqueName('vhost');
    await rabbitmqctl('add_vhost', vhost);
    vhosts.push(vhost);
    await rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
    const handled: number[] = [];
    const logger = new MemoryLogger();
    // Job 100's handler closes every connection of the vhost, and finishes once they are closed.
    const close = () => rabbitmqctl('close_all_connections', '--vhost', vhost, 'test');
    const messenger = await app('survivor', handled, {
      logger,
      baseUrl: `${AMQP_URL}/${vhost}`,
      during: { n: 100, run: close },
    });
    await messenger.dispatch(new Job(0));
    await Promise.all(range(299).map((n) => messenger.dispatch(new Job(n + 1))));
    await consumeUntil(
      messenger,
      { receivers: ['async'], timeoutMs: 60_000, logger },
      () => new Set(handled).size >= 300,
    );
    assert.deepEqual(sorted(new Set(handled)), range(300));
    const messages = logger.records.map((r) => `${r.level} ${r.message}`);
    assert.ok(
      messages.some((m) => /^warning amqp:\/\/guest:\*\*\*\*@.*: connection lost/.test(m)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => /^info amqp:\/\/guest:\*\*\*\*@.*: connection restored/.test(m)),
      messages.join('\n'),
    );
  });
});
