import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { CliRunner } from '../../src/cli/CliRunner';
import { WorkerManager } from '../../src/workers/WorkerManager';
import { isLive } from '../../src/workers/workerState';

const FAKE_CLI = resolve(__filename, '..', '..', 'fixtures', 'fake-messenger.mjs');
const invocation = { program: process.execPath, args: [FAKE_CLI] };

test('several workers at once, each with its own state; stop all runs stop-workers', async () => {
  const calls: string[][] = [];
  const cli = {
    run: async (command: readonly string[]) => {
      calls.push([...command]);
      return new CliRunner(invocation).run(command, { cwd: '/' });
    },
  };
  const manager = new WorkerManager(() => ({
    invocation,
    cwd: resolve(FAKE_CLI, '..'),
    environment: 'test',
    runner: cli,
  }));
  const forgotten: number[][] = [];
  manager.subscribe({ onDidChangeList: (workers) => forgotten.push(workers.map((w) => w.id)) });
  const changes: number[] = [];
  manager.subscribe({ onDidChange: (worker) => changes.push(worker.id) });
  const first = manager.start({ transports: ['async'] });
  const second = manager.start({ transports: ['high', 'low'], limit: 5 });
  assert.deepEqual([first.id, second.id], [1, 2]);
  assert.equal(second.label, 'high + low');
  assert.equal(manager.runningCount(), 2);

  try {
    await manager.stopAll();
  } finally {
    setTimeout(() => manager.list().forEach((w) => w.process.kill()), 5000).unref();
  }
  assert.deepEqual(calls, [['stop-workers']]);
  assert.ok(manager.list().every((w) => w.process.state.status === 'stopping'));
  // stop-workers is a signal through the transport's cache in the real CLI; the fake one only answers, so SIGTERM ends them here.
  manager.stop(first.id);
  manager.stop(second.id);
  for (const deadline = Date.now() + 10_000; manager.runningCount() > 0 && Date.now() < deadline; )
    await new Promise((r) => setTimeout(r, 20));
  assert.equal(manager.list().filter((w) => isLive(w.process.state)).length, 0);
  manager.clearEnded();
  assert.equal(manager.list().length, 0);
  assert.deepEqual(forgotten, [[1, 2]], 'listeners learn which workers were forgotten (their output channels go)');
  assert.ok(changes.includes(1) && changes.includes(2));
  manager.dispose();
});
