import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkerEvent } from '../../src/workers/workerEvents';
import {
  initialWorkerState,
  isLive,
  reduceWorker,
  uptimeMs,
  type WorkerInput,
  type WorkerState,
} from '../../src/workers/workerState';

const event = (e: WorkerEvent, at = 0): WorkerInput => ({ type: 'event', event: e, at });
const run = (inputs: WorkerInput[], state: WorkerState = initialWorkerState(['async'], 1000)): WorkerState =>
  inputs.reduce(reduceWorker, state);

test('starting → running → idle → running, counting messages', () => {
  const state = run([
    event({ kind: 'started', transports: ['async'], stopsWhen: ['--limit=10'] }, 1100),
    event({ kind: 'received', transport: 'async', messageClass: 'A' }, 1200),
    event({ kind: 'handled', transport: 'async', messageClass: 'A' }),
    event({ kind: 'received', transport: 'async', messageClass: 'B' }, 1300),
    event({
      kind: 'failed',
      transport: 'async',
      messageClass: 'B',
      willRetry: true,
      error: { class: 'E', message: 'm' },
    }),
    event({ kind: 'retried', transport: 'async', messageClass: 'B', retryCount: 1, delayMs: 1000 }),
    event({ kind: 'received', transport: 'async', messageClass: 'C' }, 1400),
  ]);
  assert.equal(state.status, 'running');
  // B failed once and is retried: a retry, not a failed message.
  assert.deepEqual([state.received, state.handled, state.failed, state.retried], [3, 1, 0, 1]);
  assert.deepEqual(state.current, { messageClass: 'C', since: 1400 });
  assert.deepEqual(state.lastError, { class: 'E', message: 'm' });
  assert.deepEqual(state.stopsWhen, ['--limit=10']);
  assert.equal(run([event({ kind: 'idle' })], state).status, 'idle');
  assert.equal(uptimeMs(state, 5100), 4000, 'uptime counts from the started event');
});

test("the worker's own counts win over ours", () => {
  const state = run([
    event({
      kind: 'handled',
      transport: 'a',
      messageClass: 'A',
      counts: { received: 9, handled: 8, failed: 1, retried: 0 },
    }),
  ]);
  assert.deepEqual([state.received, state.handled, state.failed, state.retried], [9, 8, 1, 0]);
});

test('a stop asked by the user ends as stopped, whatever the signal', () => {
  for (const exit of [
    { code: 0, signal: null },
    { code: null, signal: 'SIGTERM' },
    { code: 143, signal: null },
  ]) {
    const state = run([
      event({ kind: 'started', transports: [], stopsWhen: [] }),
      { type: 'stop-requested', at: 1 },
      { type: 'exited', ...exit, at: 2 },
    ]);
    assert.equal(state.status, 'stopped', JSON.stringify(exit));
    assert.equal(state.exit?.reason, 'stopped by you');
  }
});

test('stopping stays stopping while the current message finishes', () => {
  const state = run([
    event({ kind: 'started', transports: [], stopsWhen: [] }),
    { type: 'stop-requested', at: 1 },
    event({ kind: 'idle' }),
    event({ kind: 'received', transport: 'a', messageClass: 'A' }),
  ]);
  assert.equal(state.status, 'stopping');
});

test('a worker that stops on its own says why (limit reached), one that dies is crashed', () => {
  const limit = run([
    event({ kind: 'started', transports: [], stopsWhen: [] }),
    event({ kind: 'stopped', reason: 'message limit reached (10)' }),
    { type: 'exited', code: 0, signal: null, at: 9 },
  ]);
  assert.equal(limit.status, 'stopped');
  assert.equal(limit.exit?.reason, 'message limit reached (10)');

  const crash = run([
    event({ kind: 'started', transports: [], stopsWhen: [] }),
    { type: 'exited', code: 1, signal: null, at: 9, lastErrorLine: 'Error: ECONNREFUSED' },
  ]);
  assert.equal(crash.status, 'crashed');
  assert.equal(crash.exit?.reason, 'exit code 1: Error: ECONNREFUSED');

  const killed = run([
    event({ kind: 'started', transports: [], stopsWhen: [] }),
    { type: 'exited', code: null, signal: 'SIGKILL', at: 9 },
  ]);
  assert.equal(killed.exit?.reason, 'killed by SIGKILL');
  assert.equal(isLive(killed), false);
});

test("a dead worker's state is final", () => {
  const dead = run([{ type: 'spawn-failed', message: 'the CLI was not found', at: 1004 }]);
  assert.equal(dead.status, 'crashed');
  assert.equal(reduceWorker(dead, event({ kind: 'started', transports: [], stopsWhen: [] })), dead);
  assert.equal(uptimeMs(dead, 99_999), 4, 'uptime stops at the end');
});
