/** CliRunner against the fake CLI: JSON comes back parsed; every failure becomes a readable CliError. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { CliError } from '../../src/cli/CliError';
import { CliRunner } from '../../src/cli/CliRunner';
import { parseCliOutput } from '../../src/cli/cliOutput';

const FAKE_CLI = resolve(__filename, '..', '..', 'fixtures', 'fake-messenger.mjs');
const runner = new CliRunner({ program: process.execPath, args: [FAKE_CLI] });
const cwd = resolve(FAKE_CLI, '..');

test('returns the parsed JSON, with --env and --format json passed', async () => {
  assert.deepEqual(await runner.run(['debug'], { cwd, environment: 'test' }), {
    args: ['--env', 'test', 'debug', '--format', 'json'],
    environment: 'test',
  });
});

test("the runtime's JSON error becomes a CliError with its class and message (which lists the config problems)", async () => {
  const error = await runner.run(['invalid-config'], { cwd }).catch((e: unknown) => e);
  assert.ok(error instanceof CliError);
  assert.equal(error.errorClass, 'InvalidConfigurationException');
  assert.equal(
    error.message,
    'Invalid messenger configuration: config/packages/messenger.yaml:12:13: Unknown transport "asynk".',
  );
});

test('a crash shows the end of stderr; output that is not JSON says so; a missing CLI says what to set', async () => {
  await assert.rejects(
    runner.run(['crash'], { cwd }),
    (e: CliError) => e.exitCode === 1 && /failed \(exit code 1\): .*Cannot find module tsx/s.test(e.message),
  );
  await assert.rejects(
    runner.run(['not-json'], { cwd }),
    /did not print JSON\. Is messenger\.cliCommand the messenger CLI\? It printed: Hello/,
  );
  await assert.rejects(
    new CliRunner({ program: '/nope/messenger', args: [] }).run(['debug'], { cwd }),
    /could not run: the messenger CLI was not found: \/nope\/messenger does not exist.*messenger\.cliCommand/,
  );
  await assert.rejects(
    runner.run(['slow'], { cwd, timeoutMs: 300 }),
    /`messenger slow` did not finish within 0 s and was stopped/,
  );
});

test('a project folder that does not exist is reported as such, not as a missing CLI', async () => {
  await assert.rejects(
    runner.run(['debug'], { cwd: '/nonexistent/project' }),
    /`messenger debug` could not run: the folder it runs in does not exist: \/nonexistent\/project$/,
  );
});

test("a command that runs past its time limit behind a wrapper is stopped with the wrapper's child", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'messenger-wrapper-'));
  const pidFile = join(dir, 'pid');
  // The runner's clock is mocked: its time limit runs out when the test says, once the wrapper has
  // started its child, however slowly the machine starts processes. The test waits on setInterval.
  t.mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const wrapped = new CliRunner({ program: process.execPath, args: [resolve(FAKE_CLI, '..', 'fake-wrapper.mjs')] });
    let outcome: unknown;
    wrapped.run(['slow'], { cwd, timeoutMs: 300, env: { FAKE_PID_FILE: pidFile } }).then(
      () => (outcome = new Error('the slow command finished')),
      (error: unknown) => (outcome = error),
    );
    await realTimeUntil(
      () => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '',
      'the wrapper to start its child',
    );
    const child = Number(readFileSync(pidFile, 'utf8'));
    t.mock.timers.tick(300);
    await realTimeUntil(() => outcome !== undefined, 'the runner to stop the command at its time limit');
    assert.match(String(outcome), /did not finish within 0 s and was stopped/);
    await realTimeUntil(() => !running(child), `the wrapper's child (pid ${child}) to be stopped with it`);
  } finally {
    t.mock.timers.reset();
    // Had the test failed, the child would still run, and the wrapper (which ends with it) with it.
    if (existsSync(pidFile) && running(Number(readFileSync(pidFile, 'utf8'))))
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Polls with setInterval (setTimeout may be mocked) until `condition` holds; fails after 30 s naming `what`. */
async function realTimeUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `timed out after 30 s waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const interval = setInterval(() => {
        clearInterval(interval);
        resolve();
      }, 20);
    });
  }
}

/** Whether a process is alive (a zombie waiting to be reaped is not). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat);
}

test('error messages never show a DSN password', () => {
  assert.throws(
    () => parseCliOutput('', 'Error: redis://app:hunter2@cache refused', 1, 'messenger consume'),
    (e: CliError) => !e.message.includes('hunter2') && e.message.includes('redis://app:****@cache'),
  );
});

test('output a handler printed before the JSON document does not hide it', () => {
  const stdout = 'SmsGateway: SMS to +33600000001\n{ not json either\n{\n  "version": 1,\n  "results": []\n}\n';
  assert.deepEqual(parseCliOutput(stdout, '', 0, 'messenger failed:retry'), { version: 1, results: [] });
  assert.throws(() => parseCliOutput('just text\n', '', 0, 'messenger stats'), /did not print JSON/);
});

test('a command that exits 1 with its result (an id not found) gives that result only when asked to', () => {
  const stdout = '{"version":1,"transport":"failed","removed":[],"notFound":["9"],"kept":[]}';
  assert.throws(() => parseCliOutput(stdout, '', 1, 'messenger failed:remove'), /failed \(exit code 1\)/);
  assert.deepEqual(parseCliOutput(stdout, '', 1, 'messenger failed:remove', true), {
    version: 1,
    transport: 'failed',
    removed: [],
    notFound: ['9'],
    kept: [],
  });
  assert.throws(
    () =>
      parseCliOutput(
        '{"version":1,"error":{"class":"RuntimeException","message":"nope"}}',
        '',
        1,
        'messenger failed:remove',
        true,
      ),
    /nope/,
  );
});
