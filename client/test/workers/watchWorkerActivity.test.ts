import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManagedWorker, WorkerManagerListener } from '../../src/workers/WorkerManager';
import { watchWorkerActivity } from '../../src/workers/watchWorkerActivity';
import { initialWorkerState, type WorkerState } from '../../src/workers/workerState';

test('queued counts change with each message; the failed list only when a failure is not retried', () => {
  let listener: WorkerManagerListener = {};
  const seen: string[] = [];
  const stop = watchWorkerActivity(
    (l) => {
      listener = l;
      return () => (listener = {});
    },
    { queuesChanged: () => seen.push('queues'), failuresChanged: () => seen.push('failures') },
  );
  const worker = { id: 1 } as ManagedWorker;
  const s0 = initialWorkerState(['async'], 0);
  const at = (fields: Partial<WorkerState>): WorkerState => ({ ...s0, status: 'running', ...fields });
  listener.onDidChange?.(worker, s0);
  listener.onDidChange?.(worker, at({}));
  assert.deepEqual(seen, []);
  listener.onDidChange?.(worker, at({ received: 1 }));
  listener.onDidChange?.(worker, at({ received: 1, failed: 1, retried: 1 }));
  assert.deepEqual(seen, ['queues', 'queues'], 'a retried failure stays in the transport');
  listener.onDidChange?.(worker, at({ received: 2, failed: 2, retried: 1 }));
  assert.deepEqual(seen, ['queues', 'queues', 'queues', 'failures']);
  stop();
  assert.deepEqual(listener, {});
});
