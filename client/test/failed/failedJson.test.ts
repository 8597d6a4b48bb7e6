import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  FailedRemoveJson,
  FailedRetryJson,
  FailedShowListJson,
  FailedShowStatsJson,
} from '@messenger-ts/runtime/contract';
import {
  parseFailedDetails,
  parseFailedList,
  parseFailedStats,
  parseRemove,
  parseRetry,
} from '../../src/failed/failedJson';
import { detailsJson, summaryJson } from './sampleFailed';

test('failed:show lists: ids become strings; the retry count comes from the runtime', () => {
  const json: FailedShowListJson = {
    version: 1,
    transport: 'failed',
    count: 2,
    classFilter: null,
    max: 50,
    messages: [summaryJson, { ...summaryJson, id: 'a1', decodable: false }],
  };
  const list = parseFailedList(json);
  assert.equal(list.count, 2);
  assert.deepEqual(
    list.messages.map((m) => [m.id, m.decodable, m.retryCount]),
    [
      ['5', true, 1],
      ['a1', false, 1],
    ],
  );
  assert.equal(parseFailedList({ ...json, messages: [{ ...summaryJson, retryCount: 3 }] }).messages[0]?.retryCount, 3);
  assert.throws(() => parseFailedList({ ...json, version: 2 }), /format version 2/);
  assert.throws(() => parseFailedList({ version: 1, transport: 'failed' }), /printed no "messages" list/);
});

test('failed:show --stats, failed:retry and failed:remove', () => {
  const stats: FailedShowStatsJson = {
    version: 1,
    transport: 'failed',
    count: 3,
    stats: [
      { class: 'A', count: 2 },
      { class: 'B', count: 1 },
    ],
  };
  assert.deepEqual(parseFailedStats(stats).stats, [
    { class: 'A', count: 2 },
    { class: 'B', count: 1 },
  ]);
  const retry: FailedRetryJson = {
    version: 1,
    transport: 'failed',
    remaining: 1,
    results: [
      { id: 5, class: 'Sms', result: 'handled', error: null, willRetry: false },
      { id: 6, class: 'Sms', result: 'failed', error: { class: 'Error', message: 'down', code: 0 }, willRetry: true },
    ],
  };
  assert.deepEqual(
    parseRetry(retry).results.map((r) => [r.id, r.result, r.error?.message ?? null, r.willRetry]),
    [
      ['5', 'handled', null, false],
      ['6', 'failed', 'down', true],
    ],
  );
  const requeue: FailedRetryJson = {
    version: 1,
    transport: 'failed',
    remaining: 1,
    results: [
      { id: 7, class: 'Sms', result: 'requeued', error: null, willRetry: false, newId: 41, requeuedTo: 'async' },
      {
        id: 8,
        class: 'Sms',
        result: 'skipped',
        error: null,
        willRetry: false,
        newId: null,
        reason: 'It cannot go back to "legacy": cannot reach postgresql://app:s3cret@db/app',
      },
    ],
  };
  assert.deepEqual(
    parseRetry(requeue).results.map((r) => [r.id, r.result, r.newId, r.requeuedTo, r.reason]),
    [
      ['7', 'requeued', '41', 'async', null],
      ['8', 'skipped', null, null, 'It cannot go back to "legacy": cannot reach postgresql://app:****@db/app'],
    ],
    'the reason is masked as it comes in',
  );
  const removed: FailedRemoveJson = { version: 1, transport: 'failed', removed: [5, '6'], notFound: ['9'], kept: [] };
  assert.deepEqual(parseRemove(removed), { transport: 'failed', removed: ['5', '6'], notFound: ['9'], kept: [] });
});

test('failed:show <id>: everything the panel needs; retries are the most of its redeliveries (the move to the failure transport counts 0)', () => {
  const details = parseFailedDetails(detailsJson);
  assert.equal(details.id, '5');
  assert.equal(details.transport, 'failed');
  assert.equal(details.retryCount, 1);
  assert.equal(details.errorCode, 0);
  assert.match(details.trace ?? '', /at SmsGateway.send/);
  assert.deepEqual(
    details.redeliveries.map((r) => r.retryCount),
    [1, 0],
  );
  assert.deepEqual(details.body, { content: 'Your order has shipped', phoneNumber: '+33600000001' });
});

test('errors, traces, bodies and stamps are masked as they are read, so a retry notification or the panel banner never shows a password', () => {
  const dsn = 'amqp://guest:hunter2@rabbit:5672/%2f';
  const retry = parseRetry({
    version: 1,
    transport: 'failed',
    remaining: 1,
    results: [
      {
        id: 4,
        class: 'Sms',
        result: 'failed',
        error: { class: 'TransportException', message: `down: ${dsn}`, code: 0 },
        willRetry: true,
      },
    ],
  } satisfies FailedRetryJson);
  assert.equal(retry.results[0]?.error?.message, 'down: amqp://guest:****@rabbit:5672/%2f');
  const list = parseFailedList({
    version: 1,
    transport: 'failed',
    count: 1,
    classFilter: null,
    max: 10,
    messages: [{ ...summaryJson, error: dsn }],
  } satisfies FailedShowListJson);
  assert.equal(list.messages[0]?.error, 'amqp://guest:****@rabbit:5672/%2f');
  const json = detailsJson;
  const details = parseFailedDetails({
    ...json,
    message: {
      ...json.message,
      error: dsn,
      trace: `at ${dsn}`,
      decodingError: dsn,
      body: { dsn, password: 'hunter2' },
      stamps: { Redelivery: [{ note: dsn }] },
      errors: [{ class: 'E', message: dsn, code: 0, trace: dsn }],
    },
  });
  assert.ok(!JSON.stringify(details).includes('hunter2'), JSON.stringify(details));
});
