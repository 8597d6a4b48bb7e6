/** The one factory of CLI runs: trust first, then what to run and where. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { CliError } from '../../src/cli/CliError';
import { cliTarget, type CliSettings } from '../../src/cli/cliTarget';
import { findRuntimeBin } from '../../src/cli/runtimeBin';
import { WorkerManager } from '../../src/workers/WorkerManager';

const REPO = resolve(__filename, '..', '..', '..', '..');
const settings: CliSettings = {
  trusted: true,
  cliCommand: '',
  environment: 'test',
  workspaceFolder: '/ws',
  projectDir: '/ws/app',
};

test('in a restricted workspace nothing is resolved, not even the cliCommand setting: a CliError says why', () => {
  let looked = false;
  const find = (): string => {
    looked = true;
    return '/bin.js';
  };
  assert.throws(
    () => cliTarget({ ...settings, trusted: false, cliCommand: 'npx "broken' }, '`messenger stats`', find),
    (e: unknown) =>
      e instanceof CliError &&
      e.message === "`messenger stats` runs your application's code: trust this workspace first.",
  );
  assert.equal(looked, false);
});

test("trusted: the project's CLI, run in the project directory with the environment; the runtime is looked for in the project, then the workspace folder", () => {
  const dirs: string[][] = [];
  const target = cliTarget(settings, 'x', (from) => {
    dirs.push([...from]);
    return '/ws/node_modules/@messenger-ts/runtime/bin/messenger.js';
  });
  assert.deepEqual(target.invocation, {
    program: 'node',
    args: ['/ws/node_modules/@messenger-ts/runtime/bin/messenger.js'],
  });
  assert.equal(target.cwd, '/ws/app');
  assert.equal(target.environment, 'test');
  assert.deepEqual(dirs, [['/ws/app', '/ws']]);
  assert.throws(() => cliTarget({ ...settings, workspaceFolder: undefined }, 'x'), /Open a folder first/);
});

test('workers get their target from the same factory: untrusted, start() throws and nothing is spawned', () => {
  const manager = new WorkerManager(() => cliTarget({ ...settings, trusted: false }, '`messenger consume`'));
  assert.throws(
    () => manager.start({ transports: ['async'] }),
    /`messenger consume` runs your application's code: trust this workspace first/,
  );
  assert.equal(manager.list().length, 0);
});

test("the runtime's bin script is found through its package.json (the bin is not an export)", () => {
  const bin = findRuntimeBin(['/nonexistent', REPO]);
  // node_modules/@messenger-ts/runtime links to the workspace package; Node resolves the link.
  assert.equal(bin, resolve(REPO, 'runtime', 'bin', 'messenger.js'));
  assert.ok(bin !== undefined && existsSync(bin));
  assert.equal(findRuntimeBin(['/nonexistent']), undefined);
});
