import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConsumeOptions } from '../../src/workers/consumeArguments';
import { applyField, commandPreview, CONSUME_FIELDS, fieldSummary } from '../../src/workers/consumeForm';

const known = ['async', 'async_low', 'failed'];
const base: ConsumeOptions = { transports: ['async'] };

function ok(result: ConsumeOptions | { error: string }): ConsumeOptions {
  assert.ok(!('error' in result), 'error' in result ? result.error : '');
  return result;
}

test('every limit of messenger consume is a field of the form', () => {
  assert.deepEqual(
    CONSUME_FIELDS.map((f) => f.field),
    ['transports', 'limit', 'timeLimit', 'memoryLimit', 'failureLimit', 'queues', 'sleep', 'fetchSize', 'concurrency'],
  );
});

test('fields parse what is typed, and the Start item shows the command line it runs', () => {
  let options = ok(applyField(base, 'transports', 'async, async_low async', known));
  assert.deepEqual(options.transports, ['async', 'async_low']);
  options = ok(applyField(options, 'limit', ' 10 ', known));
  options = ok(applyField(options, 'timeLimit', '3600', known));
  options = ok(applyField(options, 'memoryLimit', '128m', known));
  options = ok(applyField(options, 'failureLimit', '5', known));
  options = ok(applyField(options, 'queues', 'high, default', known));
  options = ok(applyField(options, 'sleep', '0.5', known));
  assert.equal(fieldSummary(options, 'fetchSize'), '1 (default)');
  options = ok(applyField(options, 'fetchSize', '50', known));
  options = ok(applyField(options, 'concurrency', '10', known));
  assert.equal(
    commandPreview(options),
    'messenger consume async async_low --limit=10 --failure-limit=5 --memory-limit=128M --time-limit=3600 --sleep=0.5 --fetch-size=50 --concurrency=10 --queues=high --queues=default',
  );
  assert.equal(fieldSummary(options, 'concurrency'), '10');
  assert.equal(fieldSummary(options, 'timeLimit'), '3600 s');
  options = ok(applyField(options, 'limit', '', known));
  assert.equal(options.limit, undefined);
  assert.equal(fieldSummary(options, 'limit'), 'none');
  assert.equal(fieldSummary({ transports: [] }, 'queues'), 'all');
});

test('what cannot be run is refused with a reason', () => {
  assert.deepEqual(applyField(base, 'transports', 'asynk', known), {
    error: 'Unknown transport asynk. Known: async, async_low, failed.',
  });
  assert.deepEqual(applyField(base, 'transports', '  ', known), { error: 'Name at least one transport.' });
  assert.deepEqual(applyField(base, 'limit', '0', known), { error: 'A whole number, 1 or more.' });
  assert.deepEqual(applyField(base, 'limit', '2.5', known), { error: 'A whole number, 1 or more.' });
  assert.deepEqual(applyField(base, 'sleep', '-1', known), { error: 'Zero or more seconds.' });
  assert.deepEqual(applyField(base, 'concurrency', '0', known), { error: 'A whole number, 1 or more.' });
  assert.deepEqual(applyField(base, 'fetchSize', '1.5', known), { error: 'A whole number, 1 or more.' });
  assert.deepEqual(applyField(base, 'memoryLimit', 'lots', known), {
    error: 'A size such as 128M, 1G or 500000 (bytes).',
  });
  assert.equal(commandPreview({ transports: [] }), 'Choose at least one transport to consume.');
});
