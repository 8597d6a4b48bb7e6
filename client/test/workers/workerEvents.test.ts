import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkerEventJson } from '@messenger-ts/runtime/contract';
import { defaultWorkerEventAdapter as adapt } from '../../src/workers/workerEvents';
import { initialWorkerState, reduceWorker } from '../../src/workers/workerState';

const base = {
  version: 1,
  at: '2026-11-22T10:00:00.000Z',
  uptimeMs: 5,
  received: 2,
  handled: 1,
  failed: 1,
  retried: 0,
} as const;
const message = { transport: 'async', id: 7, class: 'App\\Message\\Sms' };

test("the runtime's worker events (format version 1) become ours, counts included", () => {
  const failed: WorkerEventJson = {
    ...base,
    event: 'failed',
    message,
    error: { class: 'TypeError', message: 'x', code: 0 },
    willRetry: true,
    retryCount: 1,
    durationMs: 3,
  };
  assert.deepEqual(adapt(failed), {
    kind: 'failed',
    transport: 'async',
    messageClass: 'App\\Message\\Sms',
    error: { class: 'TypeError', message: 'x' },
    willRetry: true,
    // The runtime counts this failure as failed until its retried event: it is a retry, no message failed.
    counts: { received: 2, handled: 1, failed: 0, retried: 1 },
  });
  const started: WorkerEventJson = {
    ...base,
    event: 'started',
    pid: 42,
    transports: ['async', 'high'],
    queues: null,
    stopsWhen: ['--limit=10'],
  };
  assert.deepEqual(adapt(started), {
    kind: 'started',
    transports: ['async', 'high'],
    pid: 42,
    stopsWhen: ['--limit=10'],
    memoryLimitBytes: null,
    counts: { received: 2, handled: 1, failed: 1, retried: 0 },
  });
  assert.equal(adapt({ ...base, event: 'idle' })?.kind, 'idle');
  assert.deepEqual(adapt({ ...base, event: 'stopped', reason: null }), {
    kind: 'stopped',
    reason: undefined,
    counts: { received: 2, handled: 1, failed: 1, retried: 0 },
  });
});

test('another format version is reported as a warning, not misread', () => {
  const event = adapt({ ...base, version: 2, event: 'handled' });
  assert.equal(event?.kind, 'log');
  assert.match(event?.kind === 'log' ? event.message : '', /JSON format version 2; this extension reads version 1/);
});

test("log records from handler code keep their level, pino's numeric ones too; anything else is ignored", () => {
  assert.deepEqual(adapt({ level: 'warning', message: 'slow handler' }), {
    kind: 'log',
    level: 'warn',
    message: 'slow handler',
  });
  assert.deepEqual(adapt({ level: 50, msg: 'down' }), { kind: 'log', level: 'error', message: 'down' });
  assert.deepEqual(adapt({ level: 20, msg: 'details' }), { kind: 'log', level: 'debug', message: 'details' });
  assert.equal(adapt({ event: 'something', no: 'version' }), undefined);
  assert.equal(adapt([1, 2]), undefined);
  assert.equal(adapt('text'), undefined);
});

test("the CLI's JSON error (it could not start) becomes a fatal event, which the worker's exit reason quotes", () => {
  const event = adapt({
    version: 1,
    error: {
      class: 'InvalidArgumentException',
      message: 'The receiver "nope" does not exist. Valid receivers are: async, failed.',
    },
  });
  assert.deepEqual(event, {
    kind: 'fatal',
    error: {
      class: 'InvalidArgumentException',
      message: 'The receiver "nope" does not exist. Valid receivers are: async, failed.',
    },
  });
  const ended = [
    { type: 'event', event: event!, at: 1 },
    { type: 'exited', code: 1, signal: null, at: 2, lastErrorLine: 'npm noise' },
  ] as const;
  const state = ended.reduce(reduceWorker, initialWorkerState(['nope'], 0));
  assert.equal(state.status, 'crashed');
  assert.equal(
    state.exit?.reason,
    'exit code 1: The receiver "nope" does not exist. Valid receivers are: async, failed.',
  );
});

test('what a worker says is masked as it is read: a fatal error, a failure, a stop reason, a log line', () => {
  const dsn = 'redis://app:hunter2@cache:6379';
  const fatal = adapt({ version: 1, error: { class: 'TransportException', message: `Could not connect to ${dsn}` } });
  const ended = [
    { type: 'event', event: fatal!, at: 1 },
    { type: 'exited', code: 1, signal: null, at: 2 },
  ] as const;
  const state = ended.reduce(reduceWorker, initialWorkerState(['async'], 0));
  // The exit reason is written to the worker's output channel and shown in the Workers view.
  assert.equal(state.exit?.reason, 'exit code 1: Could not connect to redis://app:****@cache:6379');
  const failed = adapt({
    ...base,
    event: 'failed',
    message,
    error: { class: 'Error', message: dsn, code: 0 },
    willRetry: false,
    retryCount: 0,
    durationMs: 1,
  });
  assert.equal(failed?.kind === 'failed' ? failed.error.message : '', 'redis://app:****@cache:6379');
  const stopped = adapt({ ...base, event: 'stopped', reason: `lost ${dsn}` });
  assert.equal(stopped?.kind === 'stopped' ? stopped.reason : '', 'lost redis://app:****@cache:6379');
  assert.deepEqual(adapt({ level: 'error', msg: dsn }), {
    kind: 'log',
    level: 'error',
    message: 'redis://app:****@cache:6379',
  });
});

test('defect 2: counts are messages, not attempts: 31 messages failing 3 times each are 31 failed and 62 retries', () => {
  // What the runtime prints after the last of them: 93 failures, 62 of them retried.
  const stopped = adapt({ ...base, event: 'stopped', reason: null, received: 93, handled: 0, failed: 93, retried: 62 });
  assert.deepEqual(stopped?.counts, { received: 93, handled: 0, failed: 31, retried: 62 });
  const memory = adapt({ ...base, event: 'idle', memoryBytes: 52_428_800 });
  assert.equal(memory?.memoryBytes, 52_428_800);
});
