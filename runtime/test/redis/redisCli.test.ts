import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  AsMessageHandler,
  type FailedRemoveJson,
  type FailedRetryJson,
  type FailedShowListJson,
  type Messenger,
  type SetupTransportsJson,
  type StatsJson,
} from '../../src/index.js';
import { deleteStream, redisClient } from '../support/redis.js';
import { messengerOnRedis, uniqueStream } from '../support/redisApp.js';
import { runCli } from '../support/runCli.js';
import { consumeUntil } from '../support/workerApp.js';

class Invoice {
  constructor(readonly ref: string) {}
}

const client = redisClient();
const streams: string[] = [];
after(async () => {
  for (const s of streams) await deleteStream(client, s);
  await client.quit();
});

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

/** An app on two streams (async, and failed as its failure transport) whose billing API is down until `api.up`. */
function billingApp() {
  const [async, failed] = [uniqueStream(), uniqueStream()];
  streams.push(async, failed);
  const api = { up: false };
  const attempts: string[] = [];
  const handled: string[] = [];
  @AsMessageHandler(Invoice)
  class InvoiceHandler {
    __invoke(invoice: Invoice): void {
      attempts.push(invoice.ref);
      if (!api.up) throw new Error(`billing API down (${invoice.ref})`);
      handled.push(invoice.ref);
    }
  }
  const yaml = `failure_transport: failed
transports:
  async: { dsn: %redis(${async})%, retry_strategy: { max_retries: 0 } }
  failed: %redis(${failed})%
routing:
  Invoice: async`;
  const application = (): Promise<Messenger> => messengerOnRedis(yaml, { handlers: [InvoiceHandler] });
  return { api, attempts, handled, application, streams: { async, failed } };
}

describe('messenger commands on Redis transports', () => {
  it('setup-transports creates the streams and groups; stats counts waiting messages (--format json too)', async () => {
    const app = billingApp();
    const setup = await runCli(['setup-transports', '--format', 'json'], app.application);
    assert.equal(setup.code, 0, setup.stderr);
    assert.deepEqual(json<SetupTransportsJson>(setup.stdout).transports, [
      { name: 'async', result: 'set-up' },
      { name: 'failed', result: 'set-up' },
    ]);
    const groups = (await client.call('XINFO', 'GROUPS', app.streams.async)) as string[][];
    assert.equal(groups[0]?.[1], 'symfony');
    const messenger = await app.application();
    for (const ref of ['a', 'b', 'c']) await messenger.dispatch(new Invoice(ref));
    await messenger.close();
    const stats = await runCli(['stats', '--format', 'json'], app.application);
    const transports = json<StatsJson>(stats.stdout).transports;
    assert.deepEqual(
      transports.map((t) => [t.name, t.count, t.consumers]),
      [
        ['async', 3, 0],
        ['failed', 0, 0],
      ],
      'nobody consumes yet',
    );
    assert.ok(!Number.isNaN(Date.parse(transports[0]?.oldestAvailableAt ?? '')));
    const text = await runCli(['stats'], app.application);
    assert.match(text.stdout, /async +3/);
  });

  it('failed:show, failed:retry and failed:remove work on a Redis failure transport', async () => {
    const app = billingApp();
    const messenger = await app.application();
    for (const ref of ['i-1', 'i-2', 'i-3']) await messenger.dispatch(new Invoice(ref));
    await consumeUntil(messenger, { receivers: ['async'] }, () => app.attempts.length === 3);
    await messenger.close();

    const shown = json<FailedShowListJson>((await runCli(['failed:show', '--format', 'json'], app.application)).stdout);
    assert.deepEqual(
      shown.messages.map((m) => [m.class, m.error]),
      ['i-1', 'i-2', 'i-3'].map((ref) => ['Invoice', `billing API down (${ref})`]),
    );
    assert.equal(shown.count, 3);
    const [first, second, third] = shown.messages.map((m) => String(m.id));
    assert.match(first!, /^\d+-\d+$/, 'stream entry ids');

    const text = await runCli(['failed:show', first!, '-vv'], app.application);
    assert.match(text.stdout, /billing API down \(i-1\)/);

    const removed = await runCli(['failed:remove', first!, '--force', '--format', 'json'], app.application);
    assert.deepEqual(json<FailedRemoveJson>(removed.stdout).removed, [first]);

    app.api.up = true;
    const retried = json<FailedRetryJson>(
      (await runCli(['failed:retry', second!, third!, '--force', '--format', 'json'], app.application)).stdout,
    );
    assert.deepEqual(
      retried.results.map((r) => [String(r.id), r.result]),
      [
        [second, 'handled'],
        [third, 'handled'],
      ],
    );
    assert.deepEqual(app.handled, ['i-2', 'i-3']);
    assert.equal(retried.remaining, 0);
    assert.equal(await client.xlen(app.streams.failed), 0, 'nothing left in the failure stream');
  });
});
