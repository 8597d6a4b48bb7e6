import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failedCount } from '../src/statusBar/failedCount';
import { statusPresentation } from '../src/statusBar/statusText';

test('the status bar shows running workers and failed messages only when there are some', () => {
  assert.equal(statusPresentation({ runningWorkers: 0, server: 'running', trusted: true }).text, '$(mail) Messenger');
  const busy = statusPresentation({ runningWorkers: 2, failedMessages: 7, server: 'running', trusted: true });
  assert.equal(busy.text, '$(mail) Messenger  $(play) 2  $(error) 7');
  assert.equal(busy.warning, true);
  assert.match(busy.tooltip, /2 workers running\n7 failed messages/);
});

test('restricted mode and a failed server say so', () => {
  const view = statusPresentation({ runningWorkers: 0, server: 'failed', trusted: false });
  assert.match(view.text, /\$\(warning\)$/);
  assert.match(view.tooltip, /trust the workspace/);
  assert.equal(view.warning, true);
});

test("the failed count: the failed view's own, else the failure transports' queued counts, else unknown", () => {
  const stats = {
    counts: new Map([
      ['failed', 4],
      ['failed_high', 2],
      ['async', 9],
    ]),
    uncountable: new Set<string>(),
    details: new Map(),
    failing: new Map(),
  };
  assert.equal(failedCount(7, stats, ['failed']), 7);
  assert.equal(failedCount(undefined, stats, ['failed', 'failed_high']), 6);
  assert.equal(failedCount(undefined, stats, ['failed', 'unknown']), undefined);
  assert.equal(failedCount(undefined, undefined, ['failed']), undefined);
  assert.equal(failedCount(undefined, stats, []), undefined);
});
