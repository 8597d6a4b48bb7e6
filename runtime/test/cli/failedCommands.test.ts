import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  type DoctrineTransport,
  Envelope,
  type FailedRemoveJson,
  type FailedRetryJson,
  type FailedShowListJson,
  type FailedShowMessageJson,
  type FailedShowStatsJson,
  type JsonError,
  type Messenger,
  RedeliveryStamp,
  TransportMessageIdStamp,
  WorkerMessageFailedEvent,
} from '../../src/index.js';
import { DATABASES, type TestDatabase } from '../support/databases.js';
import { runCli, ScriptedPrompter } from '../support/runCli.js';
import { consumeUntil, messengerOn } from '../support/workerApp.js';
import { billingHandlers, Invoice, Refund } from '../support/billing.js';

const YAML = `
failure_transport: failed
transports:
  async: { dsn: %dsn(async)%, retry_strategy: { max_retries: 0 } }
  priority: { dsn: %dsn(priority)%, failure_transport: failed_priority, retry_strategy: { max_retries: 0 } }
  failed: { dsn: %dsn(failed)%, retry_strategy: { max_retries: 1, delay: 100, jitter: 0 } }
  failed_priority: %dsn(failed_priority)%
  sync: 'sync://'
routing:
  Invoice: async
  Refund: async`;

/** An app whose billing API is down: every message fails and lands in the failure transport. */
interface FailedApp {
  readonly db: TestDatabase;
  readonly api: { up: boolean };
  readonly handled: string[];
  readonly attempts: string[];
  readonly application: () => Promise<Messenger>;
  /** Row ids in the failure transport, by message ref. */
  ids(transport?: string): Promise<Map<string, string>>;
}

async function failedApp(
  db: TestDatabase,
  invoices: readonly string[],
  refunds: readonly string[] = [],
): Promise<FailedApp> {
  const api = { up: false };
  const handled: string[] = [];
  const attempts: string[] = [];
  const handle = (ref: string): void => {
    attempts.push(ref);
    if (!api.up) throw new Error(`billing API down (${ref})`);
    handled.push(ref);
  };
  const [InvoiceHandler, RefundHandler] = billingHandlers(handle);
  const application = (): Promise<Messenger> => messengerOn(db, YAML, { handlers: [InvoiceHandler, RefundHandler] });
  const messenger = await application();
  for (const ref of invoices) await messenger.dispatch(new Invoice(ref));
  for (const ref of refunds) await messenger.dispatch(new Refund(ref));
  await consumeUntil(messenger, { receivers: ['async'] }, () => attempts.length === invoices.length + refunds.length);
  await messenger.close();
  return {
    db,
    api,
    handled,
    attempts,
    application,
    async ids(transport = 'failed') {
      const m = await application();
      try {
        const all = await (m.getTransport(transport) as DoctrineTransport).all();
        return new Map(all.map((e) => [(e.message as Invoice).ref, String(e.last(TransportMessageIdStamp)!.id)]));
      } finally {
        await m.close();
      }
    },
  };
}

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

for (const { platform, create } of DATABASES) {
  describe(`failed:show, failed:retry, failed:remove on ${platform}`, () => {
    const databases: TestDatabase[] = [];
    const setup = async (invoices: readonly string[], refunds: readonly string[] = []): Promise<FailedApp> => {
      const db = create();
      databases.push(db);
      return failedApp(db, invoices, refunds);
    };
    after(async () => {
      for (const d of databases) await d.cleanup();
    });

    it('failed:show lists id, class, failed at and error; --max, --class-filter, --stats', async () => {
      const app = await setup(['i-1', 'i-2', 'i-3'], ['r-1']);
      const ids = await app.ids();
      const list = await runCli(['failed:show'], app.application);
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /There are 4 messages pending in the failure transport\./);
      assert.match(
        list.stdout,
        /> Loading messages from the global failure transport failed\.\n> To use a different failure transport, pass --transport=\.\n> Available failure transports are: failed, failed_priority/,
      );
      assert.match(list.stdout, / +Id +Class +Failed at +Error +\n/);
      assert.match(
        list.stdout,
        new RegExp(
          ` ${ids.get('i-2')} +Invoice +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +billing API down \\(i-2\\)`,
        ),
      );
      assert.match(list.stdout, /Run messenger failed:show \{id\} --transport=failed -vv to see message details\./);

      const max = await runCli(['failed:show', '--max', '2'], app.application);
      assert.equal((max.stdout.match(/billing API down/g) ?? []).length, 2);
      assert.match(max.stdout, /Showing first 2 messages\./);

      const refunds = json<FailedShowListJson>(
        (await runCli(['failed:show', '--class-filter', 'Refund', '--format', 'json'], app.application)).stdout,
      );
      assert.deepEqual(
        refunds.messages.map((m) => [m.class, m.error, m.originalTransport, m.retryCount, m.decodable]),
        [['Refund', 'billing API down (r-1)', 'async', 0, true]],
      );
      assert.equal(refunds.count, 4);
      assert.equal(refunds.version, 1);

      const stats = await runCli(['failed:show', '--stats'], app.application);
      assert.match(stats.stdout, / Invoice +3 +\n/);
      assert.match(stats.stdout, / Refund +1 +\n/);
      assert.deepEqual(
        json<FailedShowStatsJson>(
          (await runCli(['failed:show', '--stats', '--format', 'json'], app.application)).stdout,
        ).stats,
        [
          { class: 'Invoice', count: 3 },
          { class: 'Refund', count: 1 },
        ],
      );
    });

    it('failed:show <id> -vv shows the error, its trace, the stamps and the redelivery history', async () => {
      const app = await setup(['i-1']);
      const id = (await app.ids()).get('i-1')!;
      const text = await runCli(['failed:show', id, '-vv'], app.application);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /Failed Message Details\n=+/);
      assert.match(text.stdout, / Error +billing API down \(i-1\)/);
      assert.match(text.stdout, / Error Class +Error/);
      assert.match(text.stdout, / Transport +async/);
      assert.match(
        text.stdout,
        /Message history:\n {2}\* Message failed at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d and was redelivered/,
      );
      assert.match(text.stdout, /Message:\n=+\n\n\{\n {2}"ref": "i-1"\n\}/);
      assert.match(
        text.stdout,
        /Exception:\n=+\n\nError \(code 0\): billing API down \(i-1\)\nError: billing API down \(i-1\)\n {4}at handle/,
      );
      assert.match(text.stdout, /"Symfony\\\\Component\\\\Messenger\\\\Stamp\\\\SentToFailureTransportStamp": \[/);
      assert.match(
        text.stdout,
        new RegExp(`Run messenger failed:retry ${id} --transport=failed to retry this message\\.`),
      );
      const details = json<FailedShowMessageJson>(
        (await runCli(['failed:show', id, '--format', 'json'], app.application)).stdout,
      ).message;
      assert.equal(String(details.id), id);
      assert.deepEqual(details.body, { ref: 'i-1' });
      assert.deepEqual(
        details.redeliveries.map((r) => r.retryCount),
        [0],
      );
      assert.match(details.trace ?? '', /at handle/);
      assert.equal(details.errors.length, 1);
      const missing = await runCli(['failed:show', '999999', '--format', 'json'], app.application);
      assert.equal(missing.code, 1);
      assert.deepEqual(json<JsonError>(missing.stdout).error, {
        class: 'RuntimeException',
        message: 'The message "999999" was not found.',
      });
    });

    it('failed:show strips terminal control characters a message could carry (escapes, \r, bidi overrides)', async () => {
      const ref = 'i-\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u001b[0m\rforged\u202e\u0008';
      const app = await setup([ref]);
      const id = (await app.ids()).get(ref)!;
      const outputs = [
        await runCli(['failed:show'], app.application),
        await runCli(['failed:show', id, '-vv'], app.application),
      ];
      for (const output of outputs) {
        assert.equal(output.code, 0, output.stderr);
        assert.match(output.stdout, /billing API down \(i-redforged\)/);
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(output.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      }
      assert.match(outputs[1]!.stdout, /Error \(code 0\): billing API down \(i-redforged\)/);
      // JSON output keeps the data as it is: JSON escapes control characters itself.
      const details = json<FailedShowMessageJson>(
        (await runCli(['failed:show', id, '--format', 'json'], app.application)).stdout,
      ).message;
      assert.equal(details.error, `billing API down (${ref})`);
    });

    it('--transport picks another failure transport; an unknown one is an error', async () => {
      const app = await setup([]);
      const messenger = await app.application();
      await messenger.getTransport('priority').send(Envelope.wrap(new Invoice('vip')));
      await consumeUntil(messenger, { receivers: ['priority'] }, () => app.attempts.length === 1);
      await messenger.close();
      const shown = json<FailedShowListJson>(
        (await runCli(['failed:show', '--transport', 'failed_priority', '--format', 'json'], app.application)).stdout,
      );
      assert.deepEqual(
        shown.messages.map((m) => [m.class, m.originalTransport]),
        [['Invoice', 'priority']],
      );
      const vip = (await app.ids('failed_priority')).get('vip')!;
      app.api.up = true;
      const retried = json<FailedRetryJson>(
        (await runCli(['failed:retry', vip, '--transport', 'failed_priority', '--format', 'json'], app.application))
          .stdout,
      );
      assert.deepEqual([retried.transport, retried.results.map((r) => r.result)], ['failed_priority', ['handled']]);
      assert.deepEqual(app.handled, ['vip']);
      const unknown = await runCli(['failed:show', '--transport', 'async'], app.application);
      assert.equal(unknown.code, 1);
      assert.match(
        unknown.stderr,
        /\[ERROR\] The "async" failure transport was not found\. Available failure transports are: "failed", "failed_priority"\./,
      );
    });

    it('failed:retry <id> --force handles the message again; it leaves the failure transport', async () => {
      const app = await setup(['i-1', 'i-2']);
      const ids = await app.ids();
      app.api.up = true;
      const result = await runCli(['failed:retry', ids.get('i-2')!, '--force'], app.application);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /\[OK\] All done! 1 handled\./);
      assert.deepEqual(app.handled, ['i-2']);
      assert.deepEqual([...(await app.ids()).keys()], ['i-1']);
    });

    it('a retried message that fails again goes back to the failure transport, under the retry rules of that transport', async () => {
      const app = await setup(['i-1']);
      const before = (await app.ids()).get('i-1')!;
      const retried = json<FailedRetryJson>(
        (await runCli(['failed:retry', before, '--format', 'json'], app.application)).stdout,
      );
      assert.deepEqual(
        retried.results.map((r) => [r.result, r.willRetry, r.error?.message]),
        [['failed', true, 'billing API down (i-1)']],
      );
      const messenger = await app.application();
      await new Promise((resolve) => setTimeout(resolve, 150));
      const [back] = await (messenger.getTransport('failed') as DoctrineTransport).all();
      await messenger.close();
      assert.ok(back !== undefined, 'back in the failure transport');
      assert.notEqual(String(back.last(TransportMessageIdStamp)!.id), before);
      assert.equal(back.last(RedeliveryStamp)?.retryCount, 1);
      const shown = json<FailedShowListJson>(
        (await runCli(['failed:show', '--format', 'json'], app.application)).stdout,
      );
      assert.deepEqual(
        shown.messages.map((m) => m.retryCount),
        [1],
        'the list says how often it was retried',
      );
      const again = json<FailedRetryJson>(
        (await runCli(['failed:retry', '--all', '--format', 'json'], app.application)).stdout,
      );
      assert.deepEqual(
        again.results.map((r) => [r.result, r.willRetry]),
        [['failed', false]],
        'max_retries of the failure transport reached: discarded',
      );
      assert.equal(again.remaining, 0);
    });

    it('failed:retry without ids asks about each message in a terminal (retry, delete or skip); without one it needs ids, --all or --force', async () => {
      const app = await setup(['i-1', 'i-2', 'i-3']);
      app.api.up = true;
      const prompter = new ScriptedPrompter(['retry', 'delete', 'skip']);
      const result = await runCli(['failed:retry'], app.application, prompter);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(prompter.asked.length, 3);
      assert.match(prompter.asked[0]!, /Please select an action \[retry\/delete\/skip\]/);
      assert.match(result.stdout, /All done! 1 handled, 1 removed, 1 skipped\./);
      assert.deepEqual(app.handled, ['i-1']);
      assert.deepEqual([...(await app.ids()).keys()], ['i-3']);
      const noTerminal = await runCli(['failed:retry'], app.application);
      assert.equal(noTerminal.code, 1);
      assert.match(noTerminal.stderr, /Message id must be passed when in non-interactive mode/);
      const jsonError = await runCli(['failed:retry', '--format', 'json'], app.application);
      assert.equal(json<JsonError>(jsonError.stdout).error.class, 'RuntimeException');
      const all = json<FailedRetryJson>(
        (await runCli(['failed:retry', '--force', '--format', 'json'], app.application)).stdout,
      );
      assert.deepEqual(
        all.results.map((r) => r.result),
        ['handled'],
      );
      assert.equal(all.remaining, 0);
    });

    it('an undecodable message can be shown and removed, not retried', async () => {
      const app = await setup([]);
      const messenger = await app.application();
      await (messenger.getTransport('async') as DoctrineTransport).setup();
      await app.db.query(
        `INSERT INTO ${app.db.table} (body, headers, queue_name, created_at, available_at) VALUES (?, ?, 'async', '2020-01-01 00:00:00', '2020-01-01 00:00:00')`,
        ['{"ref":"x"}', JSON.stringify({ type: 'App\\Message\\Retired' })],
      );
      let failures = 0;
      await consumeUntil(
        messenger,
        { receivers: ['async'] },
        () => failures === 1,
        (worker) => worker.on(WorkerMessageFailedEvent, () => void failures++),
      );
      await messenger.close();
      const id = [...(await app.ids()).values()][0]!;
      const list = await runCli(['failed:show'], app.application);
      assert.match(
        list.stdout,
        new RegExp(
          ` ${id} +App\\\\Message\\\\Retired \\(undecodable\\) .* Message type "App\\\\Message\\\\Retired" is not registered`,
        ),
      );
      const retry = json<FailedRetryJson>(
        (await runCli(['failed:retry', id, '--format', 'json'], app.application)).stdout,
      );
      assert.deepEqual(
        retry.results.map((r) => r.result),
        ['skipped'],
      );
      const shown = json<FailedShowMessageJson>(
        (await runCli(['failed:show', id, '--format', 'json'], app.application)).stdout,
      ).message;
      assert.equal(shown.decodable, false);
      assert.equal(shown.body, '{"ref":"x"}');
      assert.match(shown.decodingError ?? '', /not registered/);
      const removed = json<FailedRemoveJson>(
        (await runCli(['failed:remove', id, '--force', '--format', 'json'], app.application)).stdout,
      );
      assert.deepEqual(removed.removed.map(String), [id]);
    });

    it('failed:remove removes by id (--force, or after confirming), shows messages, --all and --class-filter', async () => {
      const app = await setup(['i-1', 'i-2', 'i-3', 'i-4'], ['r-1', 'r-2']);
      const ids = await app.ids();
      const one = await runCli(['failed:remove', ids.get('i-1')!, '--force'], app.application);
      assert.equal(one.code, 0, one.stderr);
      assert.match(one.stdout, /Failed Message Details/, 'one id: the message is shown');
      assert.match(one.stdout, new RegExp(`\\[OK\\] Message with id ${ids.get('i-1')} removed\\.`));
      const yesNo = new ScriptedPrompter([true, false]);
      const asked = await runCli(
        ['failed:remove', ids.get('i-2')!, ids.get('i-3')!, '--show-messages'],
        app.application,
        yesNo,
      );
      assert.deepEqual(yesNo.asked, [
        'Do you want to permanently remove this message?',
        'Do you want to permanently remove this message?',
      ]);
      assert.equal((asked.stdout.match(/Failed Message Details/g) ?? []).length, 2);
      assert.match(asked.stdout, new RegExp(`\\[NOTE\\] Message with id ${ids.get('i-3')} not removed\\.`));
      const refunds = json<FailedRemoveJson>(
        (await runCli(['failed:remove', '--class-filter', 'Refund', '--force', '--format', 'json'], app.application))
          .stdout,
      );
      assert.deepEqual(refunds.removed.map(String).sort(), [ids.get('r-1'), ids.get('r-2')].sort());
      assert.deepEqual([...(await app.ids()).keys()].sort(), ['i-3', 'i-4']);
      const missing = json<FailedRemoveJson>(
        (await runCli(['failed:remove', '123456', '--force', '--format', 'json'], app.application)).stdout,
      );
      assert.deepEqual(missing.notFound, ['123456']);
      const noForce = await runCli(['failed:remove', ids.get('i-3')!], app.application);
      assert.equal(noForce.code, 1);
      assert.match(noForce.stderr, /needs --force/);
      const nothing = await runCli(['failed:remove'], app.application);
      assert.match(
        nothing.stderr,
        /Please specify at least one message id\. If you want to remove all failed messages, use the "--all" option\./,
      );
      const all = await runCli(['failed:remove', '--all', '--force'], app.application);
      assert.match(all.stdout, /\[NOTE\] 2 messages were removed\./);
      assert.deepEqual([...(await app.ids()).keys()], []);
    });
  });
}
