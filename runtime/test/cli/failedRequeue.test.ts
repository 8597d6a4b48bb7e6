import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { FailedRetryJson, JsonError } from '../../src/cli/json/schema.js';
import {
  Envelope,
  ErrorDetailsStamp,
  type Messenger,
  SentToFailureTransportStamp,
  TransportMessageIdStamp,
} from '../../src/index.js';
import { DATABASES, type TestDatabase } from '../support/databases.js';
import { countBulkSends, Invoice, type RequeueApp, refsIn, requeueApp } from '../support/requeueApp.js';
import { runCli, ScriptedPrompter } from '../support/runCli.js';

const json = <T>(text: string): T => JSON.parse(text) as T;

/** The application each command opens, its bulk sends counted per transport. */
function counted(app: RequeueApp): { application: () => Promise<Messenger>; sends: Record<string, number[]> } {
  const sends: Record<string, number[]> = {};
  const application = async (): Promise<Messenger> => {
    const messenger = await app.application();
    for (const name of ['async', 'priority']) sends[name] = countBulkSends(messenger.getTransport(name));
    return messenger;
  };
  return { application, sends };
}

for (const { platform, create } of DATABASES.filter((d) => d.platform !== 'mysql')) {
  describe(`failed:retry --requeue: sent back to the transports they failed on, for their workers, on ${platform}`, () => {
    const databases: TestDatabase[] = [];
    after(async () => {
      for (const d of databases) await d.cleanup();
    });
    const app = async (invoices: readonly string[], refunds: readonly string[] = []): Promise<RequeueApp> => {
      const db = create();
      databases.push(db);
      const result = await requeueApp(db, invoices, refunds);
      after(() => result.messenger.close());
      return result;
    };

    it('--all --requeue sends every message back in one bulk send per transport, handles none here, asks nothing, and says where they went', async () => {
      const requeue = await app(['i-1', 'i-2', 'i-3'], ['r-1']);
      const { application, sends } = counted(requeue);
      const terminal = new ScriptedPrompter([], true);
      const result = await runCli(['failed:retry', '--all', '--requeue'], application, terminal);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(terminal.asked, []);
      assert.match(result.stdout, /\[OK\] All done! 4 sent back for the workers \(3 to "async", 1 to "priority"\)\./);
      assert.deepEqual(sends, { async: [3], priority: [1] }, 'one bulk send per transport');
      assert.deepEqual(requeue.handled, [], 'nothing is handled by the command');
      assert.equal(await requeue.failed.count(), 0);
      assert.deepEqual(await refsIn(requeue.messenger, 'async'), ['i-1', 'i-2', 'i-3']);
      assert.deepEqual(await refsIn(requeue.messenger, 'priority'), ['r-1']);
    });

    it('ids --requeue --format json: each result, where it went and its new id there, why one stayed, the ids not found', async () => {
      const requeue = await app(['i-1'], ['r-1']);
      const [invoice, refund] = await requeue.failed.targets();
      const stranded = await requeue.messenger
        .getTransport('failed')
        .send(
          Envelope.wrap(new Invoice('on-sync'), [
            ErrorDetailsStamp.create(new Error('sync failed')),
            new SentToFailureTransportStamp('now'),
          ]),
        );
      const strandedId = String(stranded.last(TransportMessageIdStamp)!.id);
      const args = ['failed:retry', String(invoice), strandedId, String(refund), '424242', '--requeue'];
      const result = await runCli([...args, '--format', 'json'], requeue.application);
      assert.equal(result.code, 1, 'an id was not found');
      const output = json<FailedRetryJson>(result.stdout);
      assert.equal(output.transport, 'failed');
      assert.equal(output.remaining, 1, 'the one that could not go back stays');
      assert.deepEqual(
        output.results.map((r) => [String(r.id), r.class, r.result, r.requeuedTo ?? null]),
        [
          [String(invoice), 'Invoice', 'requeued', 'async'],
          [strandedId, 'Invoice', 'skipped', null],
          [String(refund), 'Refund', 'requeued', 'priority'],
          ['424242', '', 'not-found', null],
        ],
      );
      assert.match(output.results[1]!.reason ?? '', /cannot go back to "now".*sync:\/\//);
      assert.ok(output.results[0]!.newId !== null, 'its id on "async"');
      const text = await runCli(['failed:retry', strandedId, '--requeue'], requeue.application);
      assert.equal(text.code, 0, text.stderr);
      assert.match(
        text.stdout,
        /\[WARNING\] Not sent back, left in the failure transport: "\d+"\. It cannot go back to "now"/,
      );
      assert.match(text.stdout, /\[OK\] All done! 0 sent back for the workers, 1 skipped\./);
      // The transport named in a message's stamp reaches the terminal cleaned.
      const hostile = await requeue.messenger
        .getTransport('failed')
        .send(Envelope.wrap(new Invoice('evil'), [new SentToFailureTransportStamp('q\u001b]0;pwned\u0007\u001b[2J')]));
      const hostileId = String(hostile.last(TransportMessageIdStamp)!.id);
      const cleaned = await runCli(['failed:retry', hostileId, '--requeue'], requeue.application);
      assert.match(cleaned.stdout, /It cannot go back to "q/);
      assert.doesNotMatch(cleaned.stdout, /[\u001b\u0007]/);
    });

    it('--requeue never asks: without ids it needs --all (or --force)', async () => {
      const requeue = await app(['i-1']);
      const terminal = new ScriptedPrompter([], true);
      const asked = await runCli(['failed:retry', '--requeue', '--format', 'json'], requeue.application, terminal);
      assert.equal(asked.code, 1);
      assert.match(json<JsonError>(asked.stdout).error.message, /With --requeue, pass the message ids, or --all/);
      assert.deepEqual(terminal.asked, []);
      assert.equal(await requeue.failed.count(), 1, 'nothing was done');
      const forced = await runCli(['failed:retry', '--requeue', '--force'], requeue.application);
      assert.equal(forced.code, 0, forced.stderr);
      assert.deepEqual(await refsIn(requeue.messenger, 'async'), ['i-1']);
      const help = await runCli(['failed:retry', '--help'], requeue.application);
      assert.match(help.stdout, /--requeue +send the messages back to the transports they failed on/);
      assert.match(help.stdout, /handled now, in this process, one at a time[\s\S]*one bulk send per transport/);
    });
  });
}
