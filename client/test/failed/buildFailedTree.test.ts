import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFailedTree } from '../../src/failed/buildFailedTree';
import type { FailedSummary } from '../../src/failed/failedJson';
import type { FailedPage, FailureTransportState } from '../../src/failed/FailedStore';
import { walk } from '../../src/tree/TreeNode';

const NOW = Date.parse('2026-11-22T08:00:00Z');

function summary(id: number, fields: Partial<FailedSummary> = {}): FailedSummary {
  return {
    id: String(id),
    class: 'SmsNotification',
    failedAt: '2026-11-22T07:55:00Z',
    error: 'SMS gateway unavailable (HTTP 503)',
    errorClass: 'Error',
    originalTransport: 'async',
    decodable: true,
    retryCount: null,
    ...fields,
  };
}

function page(messages: FailedSummary[], max: number, fields: Partial<FailedPage> = {}): FailedPage {
  return { messages, max, loading: false, loaded: true, ...fields };
}

function transport(fields: Partial<FailureTransportState>): FailureTransportState {
  return {
    name: 'failed',
    count: 0,
    filter: undefined,
    query: {},
    matching: null,
    list: page([], 100),
    stats: undefined,
    groups: new Map(),
    ...fields,
  };
}

test('a page of messages (class, id, when, retries, error), then "Load more…" while there are more', () => {
  const messages = Array.from({ length: 100 }, (_, i) => summary(i + 1, i === 0 ? { retryCount: 2 } : {}));
  const [root] = buildFailedTree([transport({ count: 10_000, list: page(messages, 100) })], false, NOW);
  assert.equal(root?.description, '10,000 failed messages');
  assert.equal(root?.contextValue, 'failureTransport.nonEmpty');
  assert.equal(root?.children?.length, 101);
  assert.equal(
    root?.children?.[0]?.description,
    '#1 · 5 min ago · retried 2 times · SMS gateway unavailable (HTTP 503)',
  );
  assert.deepEqual(root?.children?.[0]?.command, {
    id: 'messenger.failed.show',
    title: 'Show Failed Message',
    args: [{ transport: 'failed', id: '1' }],
  });
  const more = root?.children?.[100];
  assert.equal(more?.label, 'Load more…');
  assert.equal(more?.description, 'showing 100 of 10,000');
  assert.deepEqual(more?.command?.args, [{ transport: 'failed', className: undefined }]);
});

// How fast 10,000 rows build is measured by `npm run bench` (test/bench/extension.bench.ts), not here.
test('10,000 messages loaded are all listed, and only a full page offers more', () => {
  const messages = Array.from({ length: 10_000 }, (_, i) => summary(i + 1));
  const [root] = buildFailedTree([transport({ count: 10_000, list: page(messages, 10_000) })], false, NOW);
  assert.equal(root?.children?.length, 10_001);
  const [partial] = buildFailedTree([transport({ count: 3, list: page(messages.slice(0, 3), 100) })], false, NOW);
  assert.equal(partial?.children?.length, 3, 'no "Load more…" when the page is not full');
});

test('undecodable messages cannot be retried; errors are masked; an empty transport says so', () => {
  const [root] = buildFailedTree(
    [
      transport({
        count: 1,
        list: page([summary(7, { decodable: false, error: 'cannot reach amqp://guest:hunter2@rabbit' })], 100),
      }),
    ],
    false,
    NOW,
  );
  const message = root?.children?.[0];
  assert.equal(message?.contextValue, 'failedMessage.undecodable');
  assert.ok(!JSON.stringify(root).includes('hunter2'));
  assert.match(message?.description ?? '', /amqp:\/\/guest:\*\*\*\*@rabbit/);
  const [empty] = buildFailedTree([transport({ count: 0, list: page([], 100) })], false, NOW);
  assert.deepEqual(
    empty?.children?.map((c) => c.label),
    ['No failed messages'],
  );
  const [loading] = buildFailedTree(
    [transport({ count: null, list: { messages: [], max: 0, loading: true, loaded: false } })],
    false,
    NOW,
  );
  assert.equal(loading?.description, 'loading…');
  assert.deepEqual(
    loading?.children?.map((c) => c.label),
    ['Loading…'],
  );
});

test('a class filter shows as a row that clears it', () => {
  const [root] = buildFailedTree(
    [transport({ count: 10, filter: 'SmsNotification', matching: 1, list: page([summary(1)], 100) })],
    false,
    NOW,
  );
  // Defect 3: the header counts what the filter matches, out of every message.
  assert.equal(root?.description, '1 of 10 failed messages · class SmsNotification');
  assert.equal(root?.children?.[0]?.label, 'Only class SmsNotification');
  assert.equal(root?.children?.[0]?.command?.id, 'messenger.failed.clearFilter');
});

test('grouped by class: a group per class with its count; its messages once loaded', () => {
  const groups = new Map([['SmsNotification', page([summary(1), summary(2)], 2)]]);
  const [root] = buildFailedTree(
    [
      transport({
        count: 3,
        stats: [
          { class: 'SmsNotification', count: 2 },
          { class: 'Invoice', count: 1 },
        ],
        groups,
      }),
    ],
    true,
    NOW,
  );
  assert.deepEqual(
    root?.children?.map((c) => `${c.label}: ${c.description}`),
    ['SmsNotification: 2 messages', 'Invoice: 1 message'],
  );
  const sms = root!.children![0]!;
  assert.equal(sms.contextValue, 'failedClass');
  assert.deepEqual(sms.data, { transport: 'failed', filter: 'SmsNotification', group: true });
  assert.deepEqual(
    sms.children?.map((c) => c.label),
    ['SmsNotification', 'SmsNotification', 'Load more…'],
  );
  assert.equal(sms.children?.[2]?.description, 'showing 2 of 2');
  assert.deepEqual(
    root!.children![1]!.children?.map((c) => c.label),
    ['Loading…'],
  );
  const ids = [...walk([root!])].map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length);
});
