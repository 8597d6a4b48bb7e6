import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildWorkersTree, type WorkerSnapshot } from '../../src/workers/buildWorkersTree';
import { formatDuration } from '../../src/workers/formatDuration';
import { initialWorkerState, reduceWorker, type WorkerInput, type WorkerState } from '../../src/workers/workerState';
import { sampleProject } from '../map/sampleModel';

const transports = sampleProject().transports;
const T0 = 1_000_000;

function state(...inputs: WorkerInput[]): WorkerState {
  return inputs.reduce(reduceWorker, initialWorkerState(['async'], T0));
}

const started: WorkerInput = {
  type: 'event',
  at: T0 + 1000,
  event: { kind: 'started', transports: ['async'], stopsWhen: ['processed 10 messages'] },
};
const received: WorkerInput = {
  type: 'event',
  at: T0 + 2000,
  event: {
    kind: 'received',
    transport: 'async',
    messageClass: 'SmsNotification',
    counts: { received: 1, handled: 0, failed: 0, retried: 0 },
  },
};
const handled: WorkerInput = {
  type: 'event',
  at: T0 + 2100,
  event: {
    kind: 'handled',
    transport: 'async',
    messageClass: 'SmsNotification',
    counts: { received: 1, handled: 1, failed: 0, retried: 0 },
  },
};

function worker(id: number, workerState: WorkerState, transportsOfWorker = ['async']): WorkerSnapshot {
  return {
    id,
    label: transportsOfWorker.join(' + '),
    options: { transports: transportsOfWorker },
    state: workerState,
    pid: 4242,
  };
}

test('a row per transport a worker can consume (sync:// cannot), each saying whether it runs', () => {
  const rows = buildWorkersTree(transports, [], T0);
  assert.deepEqual(
    rows.map((r) => [r.label, r.description, r.contextValue]),
    [
      ['async', 'not running', 'consumable'],
      ['failed', 'not running', 'consumable'],
    ],
  );
});

test('live workers show what they do, their counts and uptime; the transport row sums them up', () => {
  const rows = buildWorkersTree(
    transports,
    [worker(1, state(started, received)), worker(2, state(started, received, handled))],
    T0 + 65_000,
  );
  const async = rows[0]!;
  assert.equal(async.description, '2 workers running · 1 handled');
  assert.equal(async.contextValue, 'consumable.running');
  assert.deepEqual(
    async.children?.map((c) => [c.label, c.description, c.contextValue]),
    [
      ['#2 async', 'running · 1 handled · 1m 04s', 'worker.live'],
      ['#1 async', 'handling SmsNotification · 0 handled · 1m 04s', 'worker.live'],
    ],
  );
  assert.match(async.children![1]!.tooltip ?? '', /Handling SmsNotification for 1m 03s/);
  assert.match(async.children![1]!.tooltip ?? '', /Stops once it has processed 10 messages/);
  assert.deepEqual(async.children![0]!.command, { id: 'messenger.showWorkerOutput', title: 'Show Output', args: [2] });
});

test('an ended worker stays, saying why it ended (masked); a worker on several transports is under the first', () => {
  const crashed = state(
    started,
    {
      type: 'event',
      at: T0 + 1500,
      event: {
        kind: 'fatal',
        error: { class: 'TransportException', message: 'cannot reach redis://app:hunter2@cache' },
      },
    },
    { type: 'exited', code: 1, signal: null, at: T0 + 1600 },
  );
  const stopped = state(
    started,
    handled,
    { type: 'stop-requested', at: T0 + 3000 },
    { type: 'exited', code: 0, signal: null, at: T0 + 3100 },
  );
  const rows = buildWorkersTree(transports, [worker(3, crashed, ['failed', 'async']), worker(4, stopped)], T0 + 10_000);
  const failedRow = rows.find((r) => r.label === 'failed')!;
  // Its crashed worker handled nothing: the row still says what its workers did.
  assert.equal(failedRow.description, 'not running · 0 handled');
  const row = failedRow.children![0]!;
  assert.equal(row.label, '#3 failed + async');
  assert.equal(row.description, 'crashed: exit code 1: cannot reach redis://app:****@cache · 0 handled');
  assert.equal(row.icon, 'error');
  assert.equal(row.contextValue, 'worker.ended');
  // Defect 8: the status once ("stopped by you"), not "stopped: stopped by you".
  assert.equal(rows[0]!.children![0]!.description, 'stopped by you · 1 handled');
  assert.ok(!JSON.stringify(rows).includes('hunter2'));
});

test('a worker on a transport the model does not know still gets a row', () => {
  const rows = buildWorkersTree([], [worker(5, state(), ['legacy'])], T0);
  assert.deepEqual(
    rows.map((r) => r.label),
    ['legacy'],
  );
  assert.equal(rows[0]!.children![0]!.description, 'starting · 0 handled · 0s');
});

test('durations read at a glance', () => {
  assert.deepEqual([0, 42_500, 65_000, 3_600_000 * 2 + 600_000, 86_400_000 * 3 + 3_600_000].map(formatDuration), [
    '0s',
    '42s',
    '1m 05s',
    '2h 10m',
    '3d 01h',
  ]);
});
