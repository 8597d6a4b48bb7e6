import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliArguments, resolveCliInvocation, splitCommandLine } from '../../src/cli/commandLine';

test('the CLI command setting splits like a shell line, quotes and escapes included', () => {
  assert.deepEqual(splitCommandLine('npx tsx "my dir/cli.ts"  --flag=\'a b\' x\\ y'), ['npx', 'tsx', 'my dir/cli.ts', '--flag=a b', 'x y']);
  assert.deepEqual(splitCommandLine('a "" b'), ['a', '', 'b']);
  assert.deepEqual(splitCommandLine('   '), []);
  assert.throws(() => splitCommandLine('node "unterminated'), /Unterminated " quote/);
});

test('a relative program is resolved in the workspace folder, a bare one is left to PATH', () => {
  assert.deepEqual(resolveCliInvocation(undefined, '/ws'), { program: join('/ws', 'node_modules/.bin/messenger'), args: [] });
  assert.deepEqual(resolveCliInvocation('npx tsx bin/cli.ts', '/ws'), { program: 'npx', args: ['tsx', 'bin/cli.ts'] });
  assert.deepEqual(resolveCliInvocation('/opt/messenger', '/ws'), { program: '/opt/messenger', args: [] });
});

test('the environment goes before the command, --format json last', () => {
  assert.deepEqual(cliArguments({ program: 'npx', args: ['messenger'] }, ['failed:show', '--max=10'], 'test'), ['messenger', '--env', 'test', 'failed:show', '--max=10', '--format', 'json']);
  assert.deepEqual(cliArguments({ program: 'm', args: [] }, ['debug']), ['debug', '--format', 'json']);
});
