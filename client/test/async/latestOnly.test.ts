import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latestOnly } from '../../src/async/latestOnly';

test("of overlapping runs, only the latest one's answer is applied, even when an older one finishes last", async () => {
  const pending: Array<(value: string) => void> = [];
  const applied: string[] = [];
  const run = latestOnly(
    () => new Promise<string>((resolve) => pending.push(resolve)),
    (value) => applied.push(value),
  );
  const first = run();
  const second = run();
  pending[1]!('after the config moved');
  await second;
  pending[0]!('before the config moved');
  await first;
  assert.deepEqual(applied, ['after the config moved']);
  const third = run();
  pending[2]!('again');
  await third;
  assert.deepEqual(applied, ['after the config moved', 'again']);
});
