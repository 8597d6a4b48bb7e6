import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ActionRunOptions, FailedActions } from '../../src/failed/FailedActions';
import { bulkConfirmation, bulkNotice, removeSummary, retrySummary } from '../../src/failed/actionMessages';
import { goneAfterRetry } from '../../src/failed/selection';

function fakeRun(calls: Array<{ command: string[]; options?: ActionRunOptions }>) {
  return async (command: readonly string[], options?: ActionRunOptions): Promise<unknown> => {
    calls.push({ command: [...command], options });
    const ids = command.slice(1, command.indexOf('--transport'));
    if (command[0] === 'failed:retry' && command.includes('--requeue'))
      return {
        version: 1,
        transport: 'failed',
        remaining: 1,
        results: ids.map((id) =>
          id === '3'
            ? {
                id,
                class: 'Sms',
                result: 'skipped',
                error: null,
                willRetry: false,
                newId: null,
                reason: 'It cannot go back to "now": sync://',
              }
            : {
                id,
                class: 'Sms',
                result: 'requeued',
                error: null,
                willRetry: false,
                newId: `n${id}`,
                requeuedTo: id === '5' ? 'priority' : 'async',
                reason: null,
              },
        ),
      };
    if (command[0] === 'failed:retry')
      return {
        version: 1,
        transport: 'failed',
        remaining: 0,
        results: ids.map((id) => ({
          id,
          class: 'Sms',
          result: id === '3' ? 'failed' : 'handled',
          error: id === '3' ? { class: 'Error', message: 'down', code: 0 } : null,
          willRetry: id === '3',
        })),
      };
    if (command[0] === 'failed:remove')
      return {
        version: 1,
        transport: 'failed',
        removed: ids.filter((id) => id !== '9'),
        notFound: ids.filter((id) => id === '9'),
        kept: [],
      };
    return {
      version: 1,
      transport: 'failed',
      count: 5,
      classFilter: null,
      max: 1,
      messages: ['1', '2', '3', '4', '5'].map((id) => ({
        id,
        class: 'Sms',
        decodable: true,
        originalTransport: id === '5' ? 'priority' : 'async',
      })),
    };
  };
}

test('bulk actions act on the ids collected first, in chunks, reporting progress; a chunk may exit 1 with its result', async () => {
  const calls: Array<{ command: string[]; options?: ActionRunOptions }> = [];
  const actions = new FailedActions(fakeRun(calls), 2);
  const ids = await actions.ids('failed', 'Sms');
  assert.deepEqual(ids, ['1', '2', '3', '4', '5']);
  assert.deepEqual(calls[0]?.command, [
    'failed:show',
    '--transport',
    'failed',
    '--max',
    '2147483647',
    '--class-filter',
    'Sms',
  ]);
  const progress: string[] = [];
  const outcome = await actions.retry('failed', ids, (done, total) => progress.push(`${done}/${total}`));
  assert.deepEqual(
    calls.slice(1).map((c) => c.command.join(' ')),
    [
      'failed:retry 1 2 --transport failed --force',
      'failed:retry 3 4 --transport failed --force',
      'failed:retry 5 --transport failed --force',
    ],
  );
  assert.ok(calls.slice(1).every((c) => c.options?.acceptFailureResult === true && c.options.timeoutMs === 0));
  assert.deepEqual(progress, ['0/5', '2/5', '4/5', '5/5']);
  assert.equal(outcome.results.length, 5);
  assert.deepEqual(retrySummary(outcome), {
    text: '4 handled, 1 failed again (1 sent back to the failure transport): Error: down',
    ok: false,
  });
});

test('a cancelled bulk action stops between chunks, leaving the rest as they were', async () => {
  const calls: Array<{ command: string[] }> = [];
  const controller = new AbortController();
  const actions = new FailedActions(fakeRun(calls), 2);
  const outcome = await actions.remove(
    'failed',
    ['1', '2', '9', '4'],
    (done) => done === 2 && controller.abort(),
    controller.signal,
  );
  assert.equal(calls.length, 1);
  assert.deepEqual(outcome.removed, ['1', '2']);
  assert.equal(outcome.cancelled, true);
  assert.deepEqual(removeSummary(await actions.remove('failed', ['9'])), {
    text: '0 removed, 1 not found (already gone)',
    ok: false,
  });
});

test('cancelling never kills the chunk that runs: it finishes, and its results are kept and reported', async () => {
  const calls: Array<{ command: string[]; options?: ActionRunOptions }> = [];
  const controller = new AbortController();
  const run = fakeRun(calls);
  const actions = new FailedActions(async (command, options) => {
    // The user cancels while the first chunk's handlers run.
    if (calls.length === 0) controller.abort();
    return run(command, options);
  }, 2);
  const outcome = await actions.retry('failed', ['1', '2', '3', '4'], undefined, controller.signal);
  assert.equal(calls.length, 1, 'no chunk starts after the cancellation');
  assert.ok(
    calls.every((c) => (c.options as { signal?: unknown } | undefined)?.signal === undefined),
    'the CLI is never given the signal (it would be killed mid-message)',
  );
  assert.deepEqual(
    outcome.results.map((r) => r.id),
    ['1', '2'],
  );
  assert.deepEqual(outcome.attempted, ['1', '2']);
  assert.deepEqual(outcome.notAttempted, ['3', '4']);
  const notice = bulkNotice(retrySummary(outcome), outcome);
  assert.equal(notice.text, '2 handled (cancelled after 2 of 4). Done: #1, #2. Not done, left as they were: #3, #4');
  assert.equal(notice.ok, true);
});

test('a cancelled bulk action names the ids done and not done; the notification cuts long lists short, the log keeps them all', async () => {
  const controller = new AbortController();
  const ids = Array.from({ length: 12 }, (_, i) => String(i + 1));
  const outcome = await new FailedActions(fakeRun([]), 4).remove(
    'failed',
    ids,
    (done) => done === 4 && controller.abort(),
    controller.signal,
  );
  const notice = bulkNotice(removeSummary(outcome), outcome);
  assert.equal(
    notice.text,
    '4 removed (cancelled after 4 of 12). Done: #1, #2, #3, #4. Not done, left as they were: #5, #6, #7, #8, #9 and 3 more',
  );
  assert.match(notice.full, /Not done, left as they were: #5, #6, #7, #8, #9, #10, #11, #12$/);
  // Cancelled before the first chunk: nothing done, everything listed as not done.
  const early = await new FailedActions(fakeRun([]), 4).remove('failed', ['1', '2'], undefined, AbortSignal.abort());
  assert.equal(
    bulkNotice(removeSummary(early), early).text,
    '0 removed (cancelled after 0 of 2). Done: none. Not done, left as they were: #1, #2',
  );
  // Run to the end: no id lists, the summary alone.
  const all = await new FailedActions(fakeRun([]), 4).remove('failed', ['1', '2']);
  assert.deepEqual(bulkNotice(removeSummary(all), all), { text: '2 removed', ok: true, full: '2 removed' });
});

test('a chunk that fails after others succeeded keeps their summary and says why it stopped; a first chunk that fails throws', async () => {
  const calls: Array<{ command: string[] }> = [];
  const run = fakeRun(calls);
  const failing = (from: number) => async (command: readonly string[], options?: ActionRunOptions) => {
    if (calls.length >= from) throw new Error('the database went away');
    return run(command, options);
  };
  const outcome = await new FailedActions(failing(1), 2).retry('failed', ['1', '2', '4', '5', '6']);
  assert.deepEqual([outcome.attempted, outcome.unknown, outcome.notAttempted], [['1', '2'], ['4', '5'], ['6']]);
  const notice = bulkNotice(retrySummary(outcome), outcome);
  assert.equal(
    notice.text,
    '2 handled; then it stopped after 2 of 5: the database went away. Done: #1, #2. Unknown (the call that failed had them): #4, #5. Not done, left as they were: #6',
  );
  assert.equal(notice.ok, false);
  // Whatever error a later chunk throws, the notice and the log show it with its credentials masked.
  calls.length = 0;
  const leaky = await new FailedActions(async (command, options) => {
    if (calls.length >= 1) throw new Error('cannot reach postgresql://app:s3cret@db:5432/app');
    return run(command, options);
  }, 2).remove('failed', ['1', '2', '3']);
  assert.doesNotMatch(bulkNotice(removeSummary(leaky), leaky).full, /s3cret/);
  calls.length = 0;
  await assert.rejects(new FailedActions(failing(0), 2).retry('failed', ['1']), /the database went away/);
});

test('a bulk retry sent back for the workers runs failed:retry --requeue, in chunks, and says where they went and which stayed', async () => {
  const calls: Array<{ command: string[]; options?: ActionRunOptions }> = [];
  const actions = new FailedActions(fakeRun(calls), 2);
  const targets = await actions.targets('failed');
  assert.deepEqual(targets, { ids: ['1', '2', '3', '4', '5'], origins: ['async', 'priority'] });
  const progress: string[] = [];
  const outcome = await actions.retry(
    'failed',
    targets.ids,
    (done, total) => progress.push(`${done}/${total}`),
    undefined,
    'requeue',
  );
  assert.deepEqual(
    calls.slice(1).map((c) => c.command.join(' ')),
    [
      'failed:retry 1 2 --transport failed --force --requeue',
      'failed:retry 3 4 --transport failed --force --requeue',
      'failed:retry 5 --transport failed --force --requeue',
    ],
  );
  assert.ok(
    calls.slice(1).every((c) => c.options?.acceptFailureResult === true && c.options.timeoutMs === 300_000),
    'nothing is handled by these calls: the usual time limit applies',
  );
  assert.deepEqual(progress, ['0/5', '2/5', '4/5', '5/5']);
  assert.deepEqual(
    outcome.results.map((r) => [r.id, r.result, r.requeuedTo ?? null, r.newId]),
    [
      ['1', 'requeued', 'async', 'n1'],
      ['2', 'requeued', 'async', 'n2'],
      ['3', 'skipped', null, null],
      ['4', 'requeued', 'async', 'n4'],
      ['5', 'requeued', 'priority', 'n5'],
    ],
  );
  assert.deepEqual(retrySummary(outcome), {
    text: '4 sent back for the workers (3 to "async", 1 to "priority"), 1 not sent back, left in the failure transport: It cannot go back to "now": sync://',
    ok: false,
  });
  assert.deepEqual(goneAfterRetry(outcome), ['1', '2', '4', '5'], 'the one that stayed is still listed');
  // One message, as the panel and the row's Retry do it: handled now, as before.
  calls.length = 0;
  await actions.retry('failed', ['7']);
  assert.deepEqual(calls[0]?.command, ['failed:retry', '7', '--transport', 'failed', '--force']);
});

test('the confirmation of a bulk action says how many, of which class, from where', () => {
  assert.deepEqual(bulkConfirmation('retry', 10_000, 'failed', 'SmsNotification'), {
    message: 'Retry 10,000 failed messages of class SmsNotification from "failed"?',
    detail:
      'Handle now: each message is handled again by its handlers, in this workspace, now, one at a time. A message that fails again goes back to the failure transport.\n\n' +
      'Send back: each message goes back to the transport it failed on, in one bulk send, and leaves the failure transport; the workers of that transport handle it later. Fast, but nothing is handled until a worker runs. A message that cannot go back stays.',
    confirm: 'Handle 10,000 now',
    alternative: 'Send back for the workers',
  });
  const toAsync = bulkConfirmation('retry', 3, 'failed', undefined, true, ['async']);
  assert.equal(toAsync.alternative, 'Send back to "async" for the workers');
  assert.match(toAsync.detail, /the transport it failed on \("async"\)/);
  assert.equal(
    bulkConfirmation('retry', 3, 'failed', undefined, true, ['a', 'b', 'c']).alternative,
    'Send back for the workers',
  );
  assert.equal(bulkConfirmation('remove', 3, 'failed').alternative, undefined, 'a removal goes one way only');
  assert.equal(bulkConfirmation('remove', 1, 'failed').message, 'Remove 1 failed message from "failed"?');
  assert.equal(bulkConfirmation('remove', 1, 'failed').confirm, 'Remove 1');
});
