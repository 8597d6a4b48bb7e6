/**
 * A production worker never loads TypeScript or ts-morph: `messenger consume` on the example
 * app, in a child process that records every module it loads (ESM and CommonJS), handles a
 * message, and none of those modules is the compiler or the analysis.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { MESSENGER_BIN, ROOT } from './support/fixtures.js';

const APP = join(ROOT, 'examples/app');
const RECORDER = join(ROOT, 'test/support/recordLoads.mjs');
const work = mkdtempSync(join(tmpdir(), 'messenger-footprint-'));
after(() => rmSync(work, { recursive: true, force: true }));

// Each child has a deadline: a stuck one fails the test, naming what it waited for.
const DEADLINE_MS = 60_000;
const env = { ...process.env, MESSENGER_TRANSPORT_DSN: `sqlite://${join(work, 'queue.db')}` };

function run(what: string, args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, args, {
    cwd: APP,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: DEADLINE_MS,
  });
  assert.equal(result.error, undefined, `${what} did not finish within ${DEADLINE_MS} ms`);
  assert.equal(result.status, 0, `${what}: ${result.stdout}${result.stderr}`);
  return result;
}

it('messenger consume handles a message of the example app without loading typescript or ts-morph', () => {
  run('sending a message to the async transport', [
    '--import',
    'tsx',
    '--input-type=module',
    '--eval',
    "const messenger = await (await import('./src/messenger.ts')).default; const { SmsNotification } = await import('./src/Message/SmsNotification.ts'); await messenger.bus.dispatch(new SmsNotification('Hi', '+33600000000')); await messenger.close();",
  ]);
  const record = join(work, 'loads.txt');
  const worker = run(
    'messenger consume async --limit 1',
    ['--import', RECORDER, MESSENGER_BIN, 'consume', 'async', '--limit', '1', '--format', 'json'],
    { MESSENGER_RECORD_LOADS: record },
  );
  // The example's audit middleware prints lines of its own among the worker's JSON events.
  const events = worker.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { event: string });
  assert.ok(
    events.some((e) => e.event === 'received'),
    worker.stdout,
  );
  const loaded = readFileSync(record, 'utf8').split('\n').filter(Boolean);
  // The recorder sees the application's own modules: it would see the compiler too.
  assert.ok(
    loaded.some((m) => m.includes('SmsNotificationHandler')),
    'the recorder saw the handler module',
  );
  assert.deepEqual([...new Set(loaded.filter((m) => /[\\/](typescript|ts-morph|@ts-morph)[\\/]/.test(m)))], []);
});
