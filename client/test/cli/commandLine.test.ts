import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { CliError } from '../../src/cli/CliError';
import { cliArguments, resolveCliInvocation, splitCommandLine } from '../../src/cli/commandLine';

const bin = '/ws/node_modules/@messenger-ts/runtime/bin/messenger.js';

test('the CLI command setting splits like a shell line, quotes and escapes included', () => {
  assert.deepEqual(splitCommandLine('npx tsx "my dir/cli.ts"  --flag=\'a b\' x\\ y'), [
    'npx',
    'tsx',
    'my dir/cli.ts',
    '--flag=a b',
    'x y',
  ]);
  assert.deepEqual(splitCommandLine('a "" b'), ['a', '', 'b']);
  assert.deepEqual(splitCommandLine('   '), []);
});

test('an unterminated quote is a CliError naming the setting, which the commands show', () => {
  assert.throws(
    () => splitCommandLine('node "unterminated'),
    (e: unknown) => e instanceof CliError && /messenger\.cliCommand has an unterminated " quote/.test(e.message),
  );
  assert.throws(() => resolveCliInvocation("npx 'tsx", '/ws', () => bin), CliError);
});

test("by default, the project's own CLI runs with node (no .cmd shim, no shell); not installed says what to do", () => {
  assert.deepEqual(
    resolveCliInvocation('', '/ws', () => bin),
    { program: 'node', args: [bin] },
  );
  assert.deepEqual(
    resolveCliInvocation(undefined, '/ws', () => bin),
    { program: 'node', args: [bin] },
  );
  assert.deepEqual(
    resolveCliInvocation('node_modules/.bin/messenger', '/ws', () => bin),
    { program: 'node', args: [bin] },
    'the former default means the same',
  );
  assert.throws(
    () => resolveCliInvocation('', '/ws', () => undefined),
    /@messenger-ts\/runtime is not installed in \/ws\. Install it .*or set messenger\.cliCommand/,
  );
});

test('a relative program is resolved in the workspace folder, a bare one is left to PATH', () => {
  assert.deepEqual(
    resolveCliInvocation('tools/messenger --app src/app.ts', '/ws', () => bin),
    { program: join('/ws', 'tools/messenger'), args: ['--app', 'src/app.ts'] },
  );
  assert.deepEqual(
    resolveCliInvocation('npx tsx bin/cli.ts', '/ws', () => bin),
    { program: 'npx', args: ['tsx', 'bin/cli.ts'] },
  );
  assert.deepEqual(
    resolveCliInvocation('/opt/messenger', '/ws', () => bin),
    { program: '/opt/messenger', args: [] },
  );
});

test('the environment goes before the command, --format json last', () => {
  assert.deepEqual(cliArguments({ program: 'npx', args: ['messenger'] }, ['failed:show', '--max=10'], 'test'), [
    'messenger',
    '--env',
    'test',
    'failed:show',
    '--max=10',
    '--format',
    'json',
  ]);
  assert.deepEqual(cliArguments({ program: 'm', args: [] }, ['debug']), ['debug', '--format', 'json']);
});
