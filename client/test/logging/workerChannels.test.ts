import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LineChannel, WorkerChannels } from '../../src/logging/workerChannels';
import type { ManagedWorker, WorkerManagerListener } from '../../src/workers/WorkerManager';
import { initialWorkerState } from '../../src/workers/workerState';

function setup(level: 'info' | 'debug' = 'info') {
  const created: Array<{ name: string; lines: string[]; disposed: boolean; shown: number }> = [];
  const channels = new WorkerChannels(
    (name): LineChannel => {
      const channel = { name, lines: [] as string[], disposed: false, shown: 0 };
      created.push(channel);
      return {
        appendLine: (line) => channel.lines.push(line),
        show: () => channel.shown++,
        dispose: () => (channel.disposed = true),
      };
    },
    level,
    () => new Date(2026, 10, 22, 7, 14, 2, 5),
  );
  let listener: WorkerManagerListener = {};
  channels.attach((l) => {
    listener = l;
    return () => {};
  });
  const worker = (id: number) => ({ id, label: 'async' }) as ManagedWorker;
  return { channels, created, worker, listener: () => listener };
}

test('debug and trace lines reach the channel when messenger.logLevel asks for them, each with its time and level', () => {
  const { created, worker, listener, channels } = setup('info');
  listener().onLog?.(worker(1), { level: 'debug', text: 'Received message Sms from "async".' });
  listener().onLog?.(worker(1), { level: 'info', text: 'Sms was handled successfully.' });
  channels.setLevel('debug');
  listener().onLog?.(worker(1), { level: 'debug', text: 'No message waiting.' });
  listener().onLog?.(worker(1), { level: 'trace', text: 'still hidden at debug' });
  assert.equal(created.length, 1);
  assert.equal(created[0]!.name, 'Messenger Worker #1: async');
  assert.deepEqual(created[0]!.lines, [
    '2026-11-22 07:14:02.005 [info] Sms was handled successfully.',
    '2026-11-22 07:14:02.005 [debug] No message waiting.',
  ]);
});

test("the exit reason ends the channel; a forgotten worker's channel is disposed, the others stay", () => {
  const { created, worker, listener, channels } = setup();
  const ended = {
    ...initialWorkerState(['async'], 0),
    status: 'crashed' as const,
    exit: { code: 1, signal: null, reason: 'exit code 1: boom' },
  };
  listener().onDidChange?.(worker(1), ended);
  listener().onLog?.(worker(2), { level: 'error', text: 'down' });
  assert.deepEqual(created[0]!.lines, [
    '2026-11-22 07:14:02.005 [info] Worker crashed: exit code 1: boom (handled 0, failed 0).',
  ]);
  listener().onDidChangeList?.([worker(1)]);
  assert.deepEqual(
    created.map((c) => c.disposed),
    [true, false],
  );
  assert.equal(channels.show(1), false);
  assert.equal(channels.show(2), true);
  channels.dispose();
  assert.deepEqual(
    created.map((c) => c.disposed),
    [true, true],
  );
});
