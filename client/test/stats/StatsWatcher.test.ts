import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { StatsWatcher } from '../../src/stats/StatsWatcher';

const FAKE_CLI = resolve(__filename, '..', '..', 'fixtures', 'fake-messenger.mjs');

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function watcher(mode = '') {
  const documents: unknown[] = [];
  const errors: string[] = [];
  let spawns = 0;
  const w = new StatsWatcher({
    command: () => {
      spawns++;
      process.env['FAKE_MODE'] = mode;
      return {
        program: process.execPath,
        args: [FAKE_CLI, 'stats', '--watch', '--format', 'json'],
        cwd: process.cwd(),
      };
    },
    onStats: (json) => documents.push(json),
    onError: (message) => errors.push(message),
    firstRestartMs: 50,
  });
  return { w, documents, errors, spawns: () => spawns };
}

test('pushes each document of `stats --watch`, and stopping ends the process', async () => {
  const { w, documents, errors } = watcher();
  w.start();
  w.start(); // already running: nothing more
  await until('two documents', () => documents.length >= 2);
  const pid = w.pid!;
  assert.ok(w.running);
  w.stop();
  assert.equal(w.running, false);
  await until('the watch process to end', () => !alive(pid));
  assert.deepEqual(errors, [], 'a stop asked for is no error');
});

test('a watch that dies is reported (its last error line) and started again', async () => {
  const { w, errors, spawns } = watcher('watch-crash');
  try {
    w.start();
    await until('the crash to be reported', () => errors.length >= 1);
    assert.match(errors[0]!, /live counts stopped: database is locked/);
    await until('a new watch', () => spawns() >= 2);
  } finally {
    w.stop();
    process.env['FAKE_MODE'] = '';
  }
});

test('what cannot run (restricted mode, no CLI) is reported and not retried', () => {
  const errors: string[] = [];
  const w = new StatsWatcher({
    command: () => {
      throw new Error('Following the queues runs your application: trust this workspace first.');
    },
    onStats: () => assert.fail('nothing ran'),
    onError: (message) => errors.push(message),
  });
  w.start();
  assert.equal(w.running, false);
  assert.match(errors[0]!, /trust this workspace/);
});
