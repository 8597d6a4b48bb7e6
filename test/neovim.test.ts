/**
 * A language client nobody here wrote: Debian's Neovim (0.7) runs headless, starts the built
 * server over stdio, opens fixture files, and prints the diagnostics it received as JSON.
 * They must be the analysis' diagnostics for those files, to the character. Neovim registers
 * no file watcher, so it also shows that a fix saved and closed is seen.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Workspace } from '@messenger-ts/server/analysis';
import { ROOT } from './support/fixtures.js';

const FIXTURE = join(ROOT, 'test/fixtures/all-diagnostics');
const SERVER = join(ROOT, 'server/bin/messenger-language-server.js');
const FILES = ['src/MessageHandler/ShipOrderHandler.ts', 'config/packages/messenger.yaml'];

const SCRIPT = `
local files = vim.fn.json_decode(FILES_JSON)
local client_id = vim.lsp.start_client({ name = 'messenger', cmd = { NODE, SERVER, '--stdio' }, root_dir = ROOT })
local result = { files = {}, model_projects = 0 }
local buffers = {}
for _, file in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  buffers[file] = buf
end
local received = vim.wait(20000, function()
  for _, buf in pairs(buffers) do
    if #vim.diagnostic.get(buf) == 0 then return false end
  end
  return true
end, 50)
for file, buf in pairs(buffers) do
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(list, { line = d.lnum, character = d.col, end_line = d.end_lnum, end_character = d.end_col, severity = d.severity, code = d.code or lsp.code, source = d.source, message = d.message })
  end
  result.files[file] = list
end
local responses = vim.lsp.buf_request_sync(buffers[files[1]], 'messenger/model', {}, 10000) or {}
for _, response in pairs(responses) do
  if response.result then result.model_projects = #response.result.projects end
end
io.stdout:write(vim.fn.json_encode(result) .. '\\n')
io.stdout:write((received and '1 passed, 0 failed' or '0 passed, 1 failed') .. '\\n')
vim.lsp.stop_client(client_id)
vim.cmd(received and 'qall!' or 'cquit! 1')
`;

// Neovim registers no file watcher: the server hears of a saved file only through the buffer being closed.
const SAVE_SCRIPT = `
local client_id = vim.lsp.start_client({ name = 'messenger', cmd = { NODE, SERVER, '--stdio' }, root_dir = ROOT })
vim.cmd('edit ' .. vim.fn.fnameescape(ROOT .. '/src/JobHandler.ts'))
local other = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(other, client_id)
vim.cmd('edit ' .. vim.fn.fnameescape(ROOT .. '/src/Message/Job.ts'))
local job = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(job, client_id)
local function errors()
  local responses = vim.lsp.buf_request_sync(other, 'messenger/model', {}, 10000) or {}
  for _, response in pairs(responses) do
    if response.result then return response.result.projects[1].diagnosticCounts.error end
  end
  return -1
end
local received = vim.wait(20000, function() return #vim.diagnostic.get(job) > 0 end, 50)
local before = errors()
vim.api.nvim_buf_set_lines(job, 0, -1, false, { 'export class Job { constructor(readonly id: string) {} }' })
vim.cmd('write')
vim.wait(300)
vim.cmd('bdelete ' .. job)
vim.wait(300)
local after = errors()
io.stdout:write(vim.fn.json_encode({ received = received, before = before, after = after }) .. '\\n')
vim.lsp.stop_client(client_id)
vim.cmd('qall!')
`;

function runNeovim(dir: string, header: string, script: string, cwd: string): string[] {
  writeFileSync(join(dir, 'test.lua'), header + script);
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_CACHE_HOME: join(dir, 'cache'),
  };
  const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${join(dir, 'test.lua')}`], {
    encoding: 'utf8',
    env,
    timeout: 60_000,
    cwd,
  });
  assert.equal(run.error, undefined, run.stderr);
  return run.stdout.trim().split('\n');
}

describe('Neovim as the LSP client', () => {
  it('sees a fix once the file is saved and closed, with no file watcher', () => {
    const dir = mkdtempSync(join(tmpdir(), 'messenger-nvim-'));
    try {
      const project = join(dir, 'project');
      const runtime = "import { AsMessageHandler, createMessenger } from '@messenger-ts/runtime';\n";
      const files: Record<string, string> = {
        'package.json': '{ "type": "module" }',
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
        'config/packages/messenger.yaml':
          "framework:\n  messenger:\n    transports:\n      async: 'in-memory://?serialize=true'\n    routing:\n      'App\\Message\\Job': async\n",
        'src/Message/Job.ts': 'export class Job { constructor(readonly id: string, readonly done: () => void) {} }\n',
        'src/JobHandler.ts': `${runtime}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class JobHandler { __invoke(m: Job) {} }\n`,
        'src/messenger.ts': `${runtime}import { JobHandler } from './JobHandler.js';\nexport default createMessenger({ handlers: [JobHandler] });\n`,
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(project, path, '..'), { recursive: true });
        writeFileSync(join(project, path), text);
      }
      const header = `local NODE = ${JSON.stringify(process.execPath)}\nlocal SERVER = ${JSON.stringify(SERVER)}\nlocal ROOT = ${JSON.stringify(project)}\n`;
      const lines = runNeovim(dir, header, SAVE_SCRIPT, project);
      assert.deepEqual(JSON.parse(lines.at(-1)!), { received: true, before: 1, after: 0 }, lines.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('receives the diagnostics of a fixture, exactly as the analysis computes them', () => {
    const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    assert.equal(
      version.error,
      undefined,
      'Neovim is needed for this test: apt-get install neovim (.ci/run installs it)',
    );
    const dir = mkdtempSync(join(tmpdir(), 'messenger-nvim-'));
    try {
      const paths = FILES.map((f) => join(FIXTURE, f));
      const header = `local NODE = ${JSON.stringify(process.execPath)}\nlocal SERVER = ${JSON.stringify(SERVER)}\nlocal ROOT = ${JSON.stringify(FIXTURE)}\nlocal FILES_JSON = ${JSON.stringify(JSON.stringify(paths))}\n`;
      const lines = runNeovim(dir, header, SCRIPT, FIXTURE);
      assert.equal(lines.at(-1), '1 passed, 0 failed', lines.join('\n'));
      const received = JSON.parse(lines.at(-2)!) as {
        files: Record<string, Array<Record<string, unknown>>>;
        model_projects: number;
      };
      assert.equal(received.model_projects, 1);

      const analysis = new Workspace({ projectDir: FIXTURE }).analyze();
      const severity = { error: 1, warning: 2, information: 3, hint: 4 } as const;
      for (const path of paths) {
        const expected = (analysis.byFile.get(path) ?? []).map((d) => ({
          line: d.range.start.line,
          character: d.range.start.character,
          end_line: d.range.end.line,
          end_character: d.range.end.character,
          severity: severity[d.severity],
          code: d.code,
          source: 'messenger',
          message: d.message,
        }));
        const key = (d: Record<string, unknown>): string =>
          `${String(d['line']).padStart(6)}:${String(d['character']).padStart(6)} ${String(d['code'])} ${String(d['message'])}`;
        const byPosition = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
          key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
        assert.ok(expected.length > 0);
        assert.deepEqual([...received.files[path]!].sort(byPosition), [...expected].sort(byPosition));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
