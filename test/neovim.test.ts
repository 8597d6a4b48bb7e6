/**
 * A language client nobody here wrote: Debian's Neovim (0.7) runs headless with README's own
 * Neovim set-up as its init.lua, in projects that have the packages installed (linked, as `npm
 * install` would), so `npx messenger-language-server` starts the built server. The set-up's
 * autocommand must attach every buffer opened: then the diagnostics of a fixture are the
 * analysis' to the character, an unsaved edit changes them, and a fix saved and closed is seen.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Workspace } from '@messenger-ts/server/analysis';
import { ROOT } from './support/fixtures.js';
import { ATTACHED, neovimProject, reportAndQuit, runNeovim, temporaryFolders } from './support/neovimRun.js';

const FILES = ['src/MessageHandler/ShipOrderHandler.ts', 'config/packages/messenger.yaml'];

const SCRIPT = `${ATTACHED}
local files = vim.fn.json_decode(FILES_JSON)
local result = { files = {}, model_projects = 0, attached = false }
local buffers = {}
for _, file in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  buffers[file] = buf
end
result.attached = vim.wait(30000, function()
  for _, buf in pairs(buffers) do
    if not attached(buf) then return false end
  end
  return true
end, 50)
local received = vim.wait(30000, function()
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
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.cmd(received and 'qall!' or 'cquit! 1')
`;

// An unsaved edit reaches the server (the buffer is attached); Neovim registers no file watcher,
// so a saved file is read from disk again once its buffer is closed.
const EDIT_SCRIPT = `${ATTACHED}
vim.cmd('edit src/JobHandler.ts')
local other = vim.api.nvim_get_current_buf()
vim.cmd('edit src/Message/Job.ts')
local job = vim.api.nvim_get_current_buf()
local both_attached = vim.wait(30000, function() return attached(other) and attached(job) end, 50)
local function errors()
  local responses = vim.lsp.buf_request_sync(other, 'messenger/model', {}, 10000) or {}
  for _, response in pairs(responses) do
    if response.result then return response.result.projects[1].diagnosticCounts.error end
  end
  return -1
end
local received = vim.wait(30000, function() return #vim.diagnostic.get(job) > 0 end, 50)
local before = errors()
vim.api.nvim_buf_set_lines(job, 0, -1, false, { 'export class Job { constructor(readonly id: string) {} }' })
vim.wait(30000, function() return errors() == 0 end, 100)
local edited = errors()
vim.cmd('write')
vim.cmd('bdelete ' .. job)
local after = errors()
${reportAndQuit('{ attached = both_attached, received = received, before = before, edited = edited, after = after }')}`;

// A hover, as `K` asks it (the markdown the server answers, and the lines Neovim shows of it), then the code lens above the class, run.
const HOVER_SCRIPT = `${ATTACHED}
vim.cmd('edit src/Message/Command/PlaceOrder.ts')
local buf = vim.api.nvim_get_current_buf()
local ready = vim.wait(30000, function()
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
    if client.name == 'messenger' and client.server_capabilities and client.server_capabilities.hoverProvider then return true end
  end
  return false
end, 50)
local params = { textDocument = vim.lsp.util.make_text_document_params(), position = { line = 3, character = 15 } }
local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 20000) or {}
local result = { ready = ready }
for _, response in pairs(responses) do
  if response.result then
    result.markdown = response.result.contents.value
    result.lines = vim.lsp.util.trim_empty_lines(vim.lsp.util.convert_input_to_markdown_lines(response.result.contents))
  end
end
-- The code lens above the class, its command run as vim.lsp.codelens.run() runs it: README's handler fills the quickfix list.
local lenses = vim.lsp.buf_request_sync(buf, 'textDocument/codeLens', { textDocument = vim.lsp.util.make_text_document_params() }, 20000) or {}
for _, response in pairs(lenses) do
  local lens = response.result and response.result[1]
  if lens then
    result.lens = lens.command.title
    vim.lsp.commands[lens.command.command](lens.command, {})
    result.quickfix = {}
    for _, item in ipairs(vim.fn.getqflist()) do
      table.insert(result.quickfix, vim.fn.fnamemodify(vim.fn.bufname(item.bufnr), ':t') .. ':' .. item.lnum)
    end
  end
end
${reportAndQuit('result')}`;

const folders = temporaryFolders();

describe("Neovim as the LSP client, with README's set-up", () => {
  it('sends unsaved edits to the server, and a fix saved and closed stays seen, with no file watcher', () => {
    const runtime = "import { AsMessageHandler, createMessenger } from '@messenger-ts/runtime';\n";
    const root = neovimProject(
      {
        'package.json': '{ "type": "module" }',
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
        'config/packages/messenger.yaml':
          "framework:\n  messenger:\n    transports:\n      async: 'in-memory://?serialize=true'\n    routing:\n      'App\\Message\\Job': async\n",
        'src/Message/Job.ts': 'export class Job { constructor(readonly id: string, readonly done: () => void) {} }\n',
        'src/JobHandler.ts': `${runtime}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class JobHandler { __invoke(m: Job) {} }\n`,
        'src/messenger.ts': `${runtime}import { JobHandler } from './JobHandler.js';\nexport default createMessenger({ handlers: [JobHandler] });\n`,
      },
      folders,
    );
    const lines = runNeovim(root, EDIT_SCRIPT);
    assert.deepEqual(
      JSON.parse(lines.at(-1)!),
      { attached: true, received: true, before: 1, edited: 0, after: 0 },
      lines.join('\n'),
    );
  });

  it('receives the diagnostics of a fixture, exactly as the analysis computes them', () => {
    const root = neovimProject(join(ROOT, 'test/fixtures/all-diagnostics'), folders);
    const paths = FILES.map((f) => join(root, f));
    const lines = runNeovim(root, SCRIPT, `local FILES_JSON = ${JSON.stringify(JSON.stringify(paths))}\n`);
    assert.equal(lines.at(-1), '1 passed, 0 failed', lines.join('\n'));
    const received = JSON.parse(lines.at(-2)!) as {
      files: Record<string, Array<Record<string, unknown>>>;
      model_projects: number;
      attached: boolean;
    };
    assert.equal(received.attached, true, "README's autocommand attached every buffer");
    assert.equal(received.model_projects, 1);

    const analysis = new Workspace({ projectDir: root }).analyze();
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
  });

  it('shows a hover on a message class (its transport, its handlers) and runs its code lens', () => {
    const root = neovimProject(join(ROOT, 'test/fixtures/clean'), folders);
    const lines = runNeovim(root, HOVER_SCRIPT);
    const hover = JSON.parse(lines.at(-1)!) as {
      ready: boolean;
      markdown?: string;
      lines?: string[];
      lens?: string;
      quickfix?: string[];
    };
    assert.equal(hover.ready, true, lines.join('\n'));
    assert.match(hover.markdown ?? '', /^\*\*PlaceOrder\*\* · message/, lines.join('\n'));
    assert.ok(hover.lines?.includes('**Sent to**'), lines.join('\n'));
    assert.ok(
      hover.lines?.some((line) => line.startsWith('- `async` `in-memory://` · routing key')),
      lines.join('\n'),
    );
    assert.ok(hover.lines?.some((line) => line.startsWith('- [PlaceOrderHandler::__invoke](file://')));
    // README's messenger.showLocations handler: the code lens, run, lists the handlers in the quickfix list.
    assert.equal(hover.lens, '2 handlers · routed to async', lines.join('\n'));
    assert.deepEqual(
      [...(hover.quickfix ?? [])].sort(),
      ['AuditHandler.ts:4', 'PlaceOrderHandler.ts:5'],
      lines.join('\n'),
    );
  });
});
