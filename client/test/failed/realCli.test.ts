/**
 * The failed-message logic against the real `messenger` CLI on a copy of the fixture app (its
 * SQLite transports): what the views list, the ids a bulk action collects, a removal, a requeue
 * and a retry, all through `--format json`. The contract test of this side of the extension.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { CliRunner } from '../../src/cli/CliRunner';
import { FailedActions } from '../../src/failed/FailedActions';
import { FailedStore } from '../../src/failed/FailedStore';
import { failedMessagePanelModel } from '../../src/failed/failedMessageView';

const FIXTURE = resolve(__filename, '..', '..', 'fixtures', 'workspace');
const REPO = resolve(FIXTURE, '..', '..', '..', '..');
const project = mkdtempSync(join(tmpdir(), 'messenger-failed-cli-'));
const cli = new CliRunner({ program: join(REPO, 'node_modules', '.bin', 'messenger'), args: [] });
const run = (
  command: readonly string[],
  options: { timeoutMs?: number; acceptFailureResult?: boolean } = {},
): Promise<unknown> => cli.run(command, { cwd: project, ...options });

before(() => {
  cpSync(FIXTURE, project, { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(project, 'node_modules'), 'dir');
  // Three SMS while the gateway is down: each fails, is retried once, and lands in "failed".
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/dispatch.ts', '3'], {
    cwd: project,
    stdio: 'pipe',
    timeout: 30_000,
  });
  execFileSync(join(project, 'node_modules', '.bin', 'messenger'), ['consume', 'async', '--limit=6', '--sleep=0.1'], {
    cwd: project,
    stdio: 'pipe',
    timeout: 30_000,
  });
});

after(() => rmSync(project, { recursive: true, force: true }));

test('the store lists what the CLI holds; the actions remove one, send one back for the workers and retry the last', async () => {
  const store = new FailedStore({ run, trusted: () => true, pageSize: 2 });
  store.setTransports(['failed']);
  await store.refresh();
  const state = store.get('failed')!;
  assert.equal(state.count, 3);
  assert.equal(state.list.messages.length, 2, 'one page of 2');
  assert.deepEqual(
    state.list.messages.map((m) => [m.class, m.error, m.originalTransport]),
    [
      ['SmsNotification', 'SMS gateway unavailable (HTTP 503)', 'async'],
      ['SmsNotification', 'SMS gateway unavailable (HTTP 503)', 'async'],
    ],
  );

  const actions = new FailedActions(run);
  const ids = await actions.ids('failed', 'SmsNotification');
  assert.equal(ids.length, 3);
  const panel = failedMessagePanelModel(await actions.details('failed', ids[0]!));
  assert.equal(panel.facts.find(([label]) => label === 'Retries')?.[1], '1');
  assert.deepEqual(
    panel.redeliveries.map((r) => r.label),
    ['Retry #1', 'Sent to the failure transport'],
  );
  assert.ok(
    panel.body.some((t) => /^"\+3360000000[123]"$/.test(t.text)),
    JSON.stringify(panel.body),
  );

  const removed = await actions.remove('failed', [ids[0]!, 'no-such-id']);
  assert.deepEqual([removed.removed, removed.notFound], [[ids[0]], ['no-such-id']]);

  // Sent back for the workers: it leaves "failed" for "async", where it failed, and waits there.
  const requeued = await actions.retry('failed', [ids[1]!], undefined, undefined, 'requeue');
  assert.deepEqual(
    requeued.results.map((r) => [r.id, r.result, r.requeuedTo]),
    [[ids[1], 'requeued', 'async']],
  );
  assert.equal(requeued.remaining, 1);
  const stats = (await run(['stats', 'async'])) as { transports: Array<{ name: string; count: number }> };
  assert.deepEqual(stats.transports, [{ ...stats.transports[0], name: 'async', count: 1 }]);

  mkdirSync(join(project, 'var'), { recursive: true });
  writeFileSync(join(project, 'var', 'sms-gateway-up'), '');
  const retried = await actions.retry('failed', ids.slice(2));
  assert.deepEqual(
    retried.results.map((r) => r.result),
    ['handled'],
  );
  assert.equal(retried.remaining, 0);

  await store.refresh();
  assert.equal(store.total(), 0);
});
