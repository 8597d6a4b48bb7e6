import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consumeArguments } from '../../src/workers/consumeArguments';

test('the limits of messenger consume become its options, in a stable order', () => {
  assert.deepEqual(
    consumeArguments({
      transports: ['async_priority_high', 'async'],
      limit: 10,
      failureLimit: 2,
      memoryLimit: '128M',
      timeLimit: 3600,
      sleep: 0.5,
      bus: 'command.bus',
      queues: ['q1', 'q2'],
      noReset: true,
      fetchSize: 50,
      concurrency: 10,
    }),
    [
      'consume',
      'async_priority_high',
      'async',
      '--limit=10',
      '--failure-limit=2',
      '--memory-limit=128M',
      '--time-limit=3600',
      '--sleep=0.5',
      '--fetch-size=50',
      '--concurrency=10',
      '--bus=command.bus',
      '--queues=q1',
      '--queues=q2',
      '--no-reset',
    ],
  );
  assert.deepEqual(consumeArguments({ transports: ['async'] }), ['consume', 'async']);
});

test('impossible limits are refused before anything runs', () => {
  assert.throws(() => consumeArguments({ transports: [] }), /at least one transport/);
  assert.throws(() => consumeArguments({ transports: ['a'], limit: 0 }), /--limit must be a positive number/);
  assert.throws(() => consumeArguments({ transports: ['a'], memoryLimit: 'lots' }), /--memory-limit/);
  assert.throws(() => consumeArguments({ transports: ['a'], sleep: -1 }), /--sleep/);
  assert.throws(
    () => consumeArguments({ transports: ['a'], concurrency: 0 }),
    /--concurrency must be a positive number/,
  );
});
