import assert from 'node:assert/strict';
import { test } from 'node:test';
import { debounce, SerialTask } from '../../src/async/SerialTask';

test('a burst of requests while the job runs gives one more run, not one per request', async () => {
  let runs = 0;
  let release: () => void = () => {};
  const task = new SerialTask(async () => {
    runs++;
    if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
  });
  const first = task.request();
  const burst = [task.request(), task.request(), task.request()];
  assert.equal(task.busy, true);
  release();
  await Promise.all([first, ...burst]);
  assert.equal(runs, 2);
  assert.equal(task.busy, false);
  await task.request();
  assert.equal(runs, 3);
});

test('a failed run rejects its callers, and the next request still runs', async () => {
  let fail = true;
  const task = new SerialTask(async () => {
    if (fail) throw new Error('boom');
  });
  await assert.rejects(task.request(), /boom/);
  fail = false;
  await task.request();
  assert.equal(task.busy, false);
});

test('debounce calls once, after the last trigger of a burst', async () => {
  let calls = 0;
  const debounced = debounce(() => calls++, 20);
  debounced.trigger();
  debounced.trigger();
  debounced.trigger();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(calls, 1);
  debounced.trigger();
  debounced.dispose();
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(calls, 1, 'disposed: the pending call is dropped');
});
