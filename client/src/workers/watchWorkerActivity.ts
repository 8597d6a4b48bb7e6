/**
 * What the workers' progress means for the other views: a message taken, handled or failed
 * changes the queued counts; a failure that is not retried sends the message to the failure
 * transport, which changes the failed list. The views refresh on these, not on a timer.
 */
import type { WorkerManagerListener } from './WorkerManager';
import type { WorkerState } from './workerState';

export interface WorkerActivity {
  /** Queued counts changed (a message was received, handled or failed, or a worker ended). */
  queuesChanged(): void;
  /** A message went to a failure transport (failed without being retried). */
  failuresChanged(): void;
}

export function watchWorkerActivity(
  subscribe: (listener: WorkerManagerListener) => () => void,
  activity: WorkerActivity,
): () => void {
  const last = new Map<number, WorkerState>();
  return subscribe({
    onDidChange: (worker, state) => {
      const before = last.get(worker.id);
      last.set(worker.id, state);
      if (before === undefined) return;
      const moved =
        state.received !== before.received ||
        state.handled !== before.handled ||
        state.failed !== before.failed ||
        (state.exit !== undefined && before.exit === undefined);
      if (moved) activity.queuesChanged();
      if (state.failed - state.retried > before.failed - before.retried) activity.failuresChanged();
    },
  });
}
