/** How a CLI invocation is spawned per platform; Windows is computed here, not run. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findOnWindows, platformCommand } from '../../src/cli/platformCommand';

const windows = (
  files: string[],
  env: NodeJS.ProcessEnv = { PATH: 'C:\\nodejs;C:\\bin', PATHEXT: '.COM;.EXE;.BAT;.CMD' },
) => ({
  platform: 'win32' as const,
  env,
  cwd: 'C:\\ws',
  exists: (file: string) => files.some((f) => f.toLowerCase() === file.toLowerCase()),
}); // Windows file names ignore case

test('on POSIX the program runs as it is', () => {
  assert.deepEqual(
    platformCommand('npx', ['tsx', 'a b'], { platform: 'linux', env: {}, cwd: '/ws', exists: () => false }),
    { file: 'npx', args: ['tsx', 'a b'] },
  );
});

test('on Windows a program is looked for with PATHEXT, in the folder then on PATH', () => {
  assert.equal(findOnWindows('npx', windows(['C:\\nodejs\\npx.cmd'])), 'C:\\nodejs\\npx.cmd');
  assert.equal(findOnWindows('node', windows(['C:\\nodejs\\node.exe', 'C:\\bin\\node.cmd'])), 'C:\\nodejs\\node.exe');
  assert.equal(
    findOnWindows('C:\\ws\\node_modules\\.bin\\messenger', windows(['C:\\ws\\node_modules\\.bin\\messenger.cmd'])),
    'C:\\ws\\node_modules\\.bin\\messenger.cmd',
  );
  assert.equal(findOnWindows('nope', windows([])), undefined);
});

test('on Windows an .exe runs directly; a .cmd runs through cmd.exe with every argument quoted and escaped', () => {
  assert.deepEqual(platformCommand('node', ['bin/messenger.js', 'stats'], windows(['C:\\nodejs\\node.exe'])), {
    file: 'node',
    args: ['bin/messenger.js', 'stats'],
  });
  const npx = platformCommand(
    'npx',
    ['tsx', 'my dir/cli.ts', 'a&b', 'say "hi"'],
    windows(['C:\\nodejs\\npx.cmd'], { PATH: 'C:\\nodejs', ComSpec: 'C:\\Windows\\system32\\cmd.exe' }),
  );
  assert.deepEqual(npx, {
    file: 'C:\\Windows\\system32\\cmd.exe',
    args: ['/d', '/s', '/c', '"C:\\nodejs\\npx.cmd ^"tsx^" ^"my^ dir/cli.ts^" ^"a^&b^" ^"say^ \\^"hi\\^"^""'],
    windowsVerbatimArguments: true,
  });
  // npm's own shims expand their arguments once more: escaped twice, as cross-spawn does.
  const shim = platformCommand(
    'C:\\ws\\node_modules\\.bin\\messenger',
    ['a&b'],
    windows(['C:\\ws\\node_modules\\.bin\\messenger.cmd']),
  );
  assert.equal(shim.args[3], '"C:\\ws\\node_modules\\.bin\\messenger.cmd ^^^"a^^^&b^^^""');
});
