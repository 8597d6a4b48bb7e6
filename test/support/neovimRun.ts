import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { cleanEnv } from '../../client/test/harness/tools.ts';
import { ROOT } from './fixtures.js';
import { codeBlocks, readmeSection } from './readme.js';

/** README's Neovim set-up (the one Lua block of the language-server section). */
export const README_SETUP = codeBlocks(readmeSection('Editor support: the language server')).filter(
  (b) => b.lang === 'lua',
);

/** Lua: whether a buffer is attached to the README's client (else edits never reach the server). */
export const ATTACHED = `
local function attached(buf)
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
    if client.name == 'messenger' then return true end
  end
  return false
end
`;

/** Lua: prints `value` as JSON (the test reads it), stops the client and quits Neovim. */
export function reportAndQuit(value: string): string {
  return `io.stdout:write(vim.fn.json_encode(${value}) .. '\\n')
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.cmd('qall!')
`;
}

/** A list of temporary folders, removed when the test file ends. */
export function temporaryFolders(): string[] {
  const folders: string[] = [];
  after(() => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });
  return folders;
}

/**
 * A project in a temporary folder (pushed on `folders`, for cleanup): a copy of `from`, or the
 * files given, with the packages linked in as npm would install them.
 */
export function neovimProject(from: string | Record<string, string>, folders: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'messenger-nvim-'));
  folders.push(dir);
  const root = join(dir, 'project');
  if (typeof from === 'string') cpSync(from, root, { recursive: true });
  else
    for (const [path, text] of Object.entries(from)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  mkdirSync(join(root, 'node_modules', '@messenger-ts'), { recursive: true });
  mkdirSync(join(root, 'node_modules', '.bin'));
  for (const name of ['runtime', 'server'])
    symlinkSync(join(ROOT, name), join(root, 'node_modules/@messenger-ts', name));
  symlinkSync(
    '../@messenger-ts/server/bin/messenger-language-server.js',
    join(root, 'node_modules/.bin/messenger-language-server'),
  );
  return root;
}

/**
 * Runs `script` (after `header`, Lua that defines its inputs) in headless Neovim, in `cwd`, with
 * README's set-up as init.lua; returns the lines it printed.
 */
export function runNeovim(cwd: string, script: string, header = ''): string[] {
  assert.equal(README_SETUP.length, 1, "README's language-server section has one Lua block");
  const dir = join(cwd, '..');
  writeFileSync(join(dir, 'init.lua'), README_SETUP[0]!.code);
  // A Lua error would leave headless Neovim waiting: report it and quit.
  const guarded = `local ok, err = pcall(function()\n${script}\nend)\nif not ok then io.stderr:write(tostring(err) .. '\\n') vim.cmd('cquit! 2') end\n`;
  writeFileSync(join(dir, 'test.lua'), header + guarded);
  const env = {
    ...cleanEnv(),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_CACHE_HOME: join(dir, 'cache'),
  };
  const args = [
    '--headless',
    '-n',
    '-i',
    'NONE',
    '-u',
    join(dir, 'init.lua'),
    '-c',
    `luafile ${join(dir, 'test.lua')}`,
  ];
  const run = spawnSync('nvim', args, { encoding: 'utf8', env, timeout: 120_000, cwd });
  assert.equal(
    run.error,
    undefined,
    `nvim did not finish (${run.error?.message}; Neovim comes from npm test's set-up, npm run test:setup): ${run.stderr}`,
  );
  assert.equal(run.status, 0, `nvim failed: ${run.stderr}\n${run.stdout}`);
  return run.stdout.trim().split('\n');
}
