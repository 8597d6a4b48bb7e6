/** WorkerProcess against a real child process: the fake CLI in test/fixtures prints NDJSON like `messenger consume`. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, test } from 'node:test';
import { WorkerProcess, type WorkerLogLine } from '../../src/workers/WorkerProcess';
import type { WorkerState } from '../../src/workers/workerState';

const FAKE_CLI = resolve(__filename, '..', '..', 'fixtures', 'fake-messenger.mjs');
const FAKE_WRAPPER = resolve(FAKE_CLI, '..', 'fake-wrapper.mjs');

const started: WorkerProcess[] = [];
// A failed assertion must not leave a fake worker running (it would keep this file alive).
afterEach(() => started.splice(0).forEach((w) => w.kill()));

function worker(
  env: NodeJS.ProcessEnv = {},
  killAfterMs?: number,
  cli = FAKE_CLI,
): { process: WorkerProcess; logs: WorkerLogLine[]; states: WorkerState[] } {
  const process_ = new WorkerProcess({
    program: process.execPath,
    args: [cli, 'consume', 'async', '--format', 'json'],
    cwd: resolve(FAKE_CLI, '..'),
    env,
    transports: ['async'],
    killAfterMs,
  });
  started.push(process_);
  const logs: WorkerLogLine[] = [];
  const states: WorkerState[] = [];
  process_.onLog((line) => logs.push(line));
  process_.onDidChangeState((state) => states.push(state));
  return { process: process_, logs, states };
}

function until(
  process: WorkerProcess,
  predicate: (state: WorkerState) => boolean,
  timeoutMs = 15_000,
): Promise<WorkerState> {
  return new Promise((resolvePromise, reject) => {
    if (predicate(process.state)) return resolvePromise(process.state);
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${predicate.toString()}; state: ${JSON.stringify(process.state)}`)),
      timeoutMs,
    );
    const stop = process.onDidChangeState((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      stop();
      resolvePromise(state);
    });
  });
}

test('reads the events of a live worker, then stops it gracefully with SIGTERM', async () => {
  const { process: w, logs, states } = worker();
  w.start();
  const idle = await until(w, (s) => s.status === 'idle');
  // The fake failed one message once and retried it: no message failed for good.
  assert.deepEqual([idle.received, idle.handled, idle.failed, idle.retried], [2, 1, 0, 1]);
  assert.deepEqual(idle.lastError, { class: 'RuntimeException', message: 'boom' });
  assert.equal(states[0]?.status, 'running', 'the first change is the started event');
  assert.ok(
    logs.some(
      (l) =>
        l.level === 'info' &&
        l.text === 'Consuming messages from transport "async"; it will exit once it has processed 10 messages.',
    ),
    'events become readable lines',
  );
  assert.ok(
    logs.some((l) => l.level === 'info' && l.text === 'a pino log line from a handler'),
    'JSON log records keep their level',
  );
  assert.ok(
    logs.some((l) => l.level === 'warn' && l.text === 'Sending App\\Message\\Boom for retry #1 using 1000 ms delay.'),
  );
  assert.ok(
    logs.some((l) => l.text === 'plain output from a handler'),
    'plain text is logged too',
  );
  w.stop();
  assert.equal(w.state.status, 'stopping');
  const stopped = await until(w, (s) => s.status === 'stopped');
  assert.equal(stopped.exit?.reason, 'stopped by you');
  assert.equal(stopped.exit?.code, 0);
});

test('a crashing worker is crashed, with its last error line masked', async () => {
  const { process: w, logs } = worker({ FAKE_MODE: 'crash' });
  w.start();
  const crashed = await until(w, (s) => s.status === 'crashed');
  assert.equal(crashed.exit?.code, 3);
  assert.equal(crashed.exit?.reason, 'exit code 3: Error: cannot connect to redis://app:****@redis:6379');
  assert.ok(
    logs.every((l) => !l.text.includes('hunter2')),
    'no log line shows the password',
  );
});

test('a worker that ignores SIGTERM is killed after the grace period', async () => {
  const { process: w } = worker({ FAKE_MODE: 'ignore-sigterm' }, 300);
  w.start();
  await until(w, (s) => s.status === 'idle');
  w.stop();
  const ended = await until(w, (s) => s.status === 'crashed' || s.status === 'stopped');
  assert.equal(ended.exit?.signal, 'SIGKILL');
});

test('a CLI that does not exist is reported, not thrown', async () => {
  const w = new WorkerProcess({ program: '/nonexistent/messenger', args: [], cwd: '/', transports: ['async'] });
  w.start();
  const state = await until(w, (s) => s.status === 'crashed');
  assert.match(state.exit?.reason ?? '', /the messenger CLI was not found: \/nonexistent\/messenger/);
});

test('a working directory that does not exist is reported as such, not as a missing CLI', async () => {
  const w = new WorkerProcess({
    program: process.execPath,
    args: [FAKE_CLI],
    cwd: '/nonexistent/project',
    transports: ['async'],
  });
  w.start();
  const state = await until(w, (s) => s.status === 'crashed');
  assert.equal(state.exit?.reason, 'the folder it runs in does not exist: /nonexistent/project');
});

/** Whether `pid` has died within `timeoutMs`: gone, or a zombie (dead, waiting for init to reap it). */
async function gone(pid: number, timeoutMs = 5000): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    try {
      process.kill(pid, 0);
      if (/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return true;
    } catch {
      return true;
    }
  }
  return false;
}

test('behind a wrapper (npx tsx …), stop reaches the real worker: SIGTERM goes to the whole process group', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'messenger-wrapper-'));
  try {
    const { process: w } = worker({ FAKE_PID_FILE: join(dir, 'pid') }, 30_000, FAKE_WRAPPER);
    w.start();
    await until(w, (s) => s.status === 'idle');
    const realWorker = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    w.stop();
    const stopped = await until(w, (s) => s.status === 'stopped');
    assert.equal(stopped.exit?.reason, 'stopped by you');
    assert.ok(await gone(realWorker), 'the real worker is still running');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('behind a wrapper, the kill after the grace period kills the real worker too, not only the wrapper', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'messenger-wrapper-'));
  try {
    const { process: w } = worker({ FAKE_MODE: 'ignore-sigterm', FAKE_PID_FILE: join(dir, 'pid') }, 300, FAKE_WRAPPER);
    w.start();
    await until(w, (s) => s.status === 'idle');
    const realWorker = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    w.stop();
    const ended = await until(w, (s) => !['starting', 'running', 'idle', 'stopping'].includes(s.status));
    assert.equal(ended.exit?.signal, 'SIGKILL');
    assert.ok(await gone(realWorker), 'the real worker outlived its wrapper');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
