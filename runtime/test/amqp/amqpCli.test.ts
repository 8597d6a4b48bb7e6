import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  AmqpStamp,
  AsMessageHandler,
  type FailedRetryJson,
  type FailedShowListJson,
  type Messenger,
  type SetupTransportsJson,
  type StatsJson,
} from '../../src/index.js';
import { amqpClient, deleteAmqp, readyCount } from '../support/amqp.js';
import { messengerOnAmqp, uniqueName } from '../support/amqpApp.js';
import { runCli } from '../support/runCli.js';
import { consumeUntil } from '../support/workerApp.js';

class Sms {
  constructor(readonly to: string) {}
}

const client = await amqpClient();
const cleanup: Array<{ exchanges: string[]; queues: string[] }> = [];
after(async () => {
  for (const c of cleanup) await deleteAmqp(client, c);
  await client.close();
});

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

/** An app whose `async` transport is a direct exchange with a `fasttrack` and a `normal` queue. */
function smsApp() {
  const exchange = uniqueName('sms');
  const queues = { fast: `${exchange}_fasttrack`, normal: `${exchange}_normal` };
  cleanup.push({ exchanges: [exchange], queues: Object.values(queues) });
  const sent: string[] = [];
  @AsMessageHandler(Sms)
  class SmsHandler {
    __invoke(sms: Sms): void {
      sent.push(sms.to);
    }
  }
  const yaml = `transports:
  async:
    dsn: %amqp(${exchange})%
    options:
      exchange: { type: direct, default_publish_routing_key: normal }
      queues:
        ${queues.fast}: { binding_keys: [fast] }
        ${queues.normal}: { binding_keys: [normal] }
routing:
  Sms: async`;
  const application = (): Promise<Messenger> => messengerOnAmqp(yaml, { handlers: [SmsHandler] });
  return { sent, application, queues };
}

describe('messenger commands on an AMQP transport', () => {
  it('setup-transports declares the exchange and queues; stats counts; consume --queues takes only those', async () => {
    const app = smsApp();
    const setup = await runCli(['setup-transports', '--format', 'json'], app.application);
    assert.equal(setup.code, 0, setup.stderr);
    assert.deepEqual(json<SetupTransportsJson>(setup.stdout).transports, [{ name: 'async', result: 'set-up' }]);
    const messenger = await app.application();
    await messenger.dispatch(new Sms('urgent-1'), [new AmqpStamp('fast')]);
    await messenger.dispatch(new Sms('urgent-2'), [new AmqpStamp('fast')]);
    for (const to of ['a', 'b', 'c']) await messenger.dispatch(new Sms(to));
    await messenger.close();
    assert.deepEqual([await readyCount(client, app.queues.fast), await readyCount(client, app.queues.normal)], [2, 3]);
    const stats = await runCli(['stats', '--format', 'json'], app.application);
    assert.deepEqual(
      json<StatsJson>(stats.stdout).transports.map((t) => [t.name, t.count]),
      [['async', 5]],
    );
    const consumed = await runCli(
      ['consume', 'async', '--queues', app.queues.fast, '--limit', '2', '--time-limit', '60'],
      app.application,
    );
    assert.equal(consumed.code, 0, consumed.stderr);
    assert.deepEqual(app.sent.sort(), ['urgent-1', 'urgent-2']);
    assert.equal(await readyCount(client, app.queues.normal), 3, 'the other queue was left alone');
  });

  it('consume stops at its --time-limit while no message arrives', async () => {
    const app = smsApp();
    const consumed = await runCli(['consume', 'async', '--time-limit', '1'], app.application);
    assert.equal(consumed.code, 0, consumed.stderr);
    assert.deepEqual(app.sent, []);
  });

  it('failed:* work on what failed on AMQP (SQLite failure transport); an AMQP failure transport says it cannot list', async () => {
    const exchange = uniqueName('billing');
    const dead = `${exchange}_dead`;
    cleanup.push({ exchanges: [exchange, dead], queues: [exchange, dead] });
    const db = join(mkdtempSync(join(tmpdir(), 'amqp-failed-')), 'failed.db');
    const api = { up: false };
    const handled: string[] = [];
    let attempts = 0;
    @AsMessageHandler(Sms)
    class FlakySmsHandler {
      __invoke(sms: Sms): void {
        attempts++;
        if (!api.up) throw new Error(`gateway down (${sms.to})`);
        handled.push(sms.to);
      }
    }
    const app = (failed: string) => (): Promise<Messenger> =>
      messengerOnAmqp(
        `failure_transport: failed
transports:
  async: { dsn: %amqp(${exchange})%, retry_strategy: { max_retries: 0 } }
  failed: ${failed}
routing:
  Sms: async`,
        { handlers: [FlakySmsHandler] },
      );
    const onSqlite = app(`'sqlite://${db}'`);
    const messenger = await onSqlite();
    await messenger.dispatch(new Sms('+33 6'));
    await consumeUntil(messenger, { receivers: ['async'] }, () => attempts >= 1);
    await messenger.close();
    const shown = json<FailedShowListJson>((await runCli(['failed:show', '--format', 'json'], onSqlite)).stdout);
    assert.deepEqual(
      shown.messages.map((m) => [m.class, m.error]),
      [['Sms', 'gateway down (+33 6)']],
    );
    api.up = true;
    const retried = json<FailedRetryJson>(
      (await runCli(['failed:retry', String(shown.messages[0]!.id), '--force', '--format', 'json'], onSqlite)).stdout,
    );
    assert.deepEqual(
      retried.results.map((r) => r.result),
      ['handled'],
    );
    assert.deepEqual(handled, ['+33 6']);
    const listing = await runCli(['failed:show'], app(`%amqp(${dead})%`));
    assert.notEqual(listing.code, 0);
    assert.match(listing.stderr + listing.stdout, /"failed" receiver does not support listing/);
  });
});
