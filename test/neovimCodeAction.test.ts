/**
 * Neovim (Debian's 0.7, README's set-up) applies a quick-fix as a user does: `vim.lsp.buf.code_action()`
 * on the line of a missing-handler diagnostic, the "Create handler" fix picked from the menu
 * (vim.ui.select), resolved and applied by Neovim itself, the buffers written; the server, which
 * watches the disk for this client, then clears the diagnostic.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './support/fixtures.js';
import { ATTACHED, neovimProject, reportAndQuit, runNeovim, temporaryFolders } from './support/neovimRun.js';

const SCRIPT = `${ATTACHED}local function missing(buf)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'missing-handler' or ((d.user_data or {}).lsp or {}).code == 'missing-handler' then return d end
  end
  return nil
end
local result = { attached = false, diagnostic = false, titles = {}, applied = false, cleared = false }
vim.cmd('edit src/Controller/OrderController.ts')
local buf = vim.api.nvim_get_current_buf()
result.attached = vim.wait(30000, function() return attached(buf) end, 50)
result.diagnostic = vim.wait(30000, function() return missing(buf) ~= nil end, 50)
local d = missing(buf)
vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
-- The menu a user picks from: choose the "Create … handler" fix.
vim.ui.select = function(items, opts, on_choice)
  for index, item in ipairs(items) do
    local action = item[2] or item.action or item
    table.insert(result.titles, action.title)
  end
  for index, item in ipairs(items) do
    local action = item[2] or item.action or item
    if action.title:match('^Create PrintLabelHandler') then
      on_choice(item, index)
      result.applied = true
      return
    end
  end
  on_choice(nil, nil)
end
vim.lsp.buf.code_action()
vim.wait(30000, function() return result.applied end, 50)
-- Resolving and applying happen on the server's answer: wait for the new file's buffer.
vim.wait(30000, function() return vim.fn.bufexists('src/MessageHandler/PrintLabelHandler.ts') == 1 end, 50)
vim.cmd('silent! wall')
result.cleared = vim.wait(30000, function() return missing(buf) == nil end, 50)
${reportAndQuit('result')}`;

const folders = temporaryFolders();

describe('Neovim applies a quick-fix', () => {
  it('creates the handler file, registers it, and the missing-handler diagnostic goes', () => {
    const root = neovimProject(join(ROOT, 'test/fixtures/quick-fixes'), folders);
    const lines = runNeovim(root, SCRIPT);
    const result = JSON.parse(lines.at(-1)!) as {
      attached: boolean;
      diagnostic: boolean;
      titles: string[];
      applied: boolean;
      cleared: boolean;
    };
    assert.deepEqual(
      { attached: result.attached, diagnostic: result.diagnostic, applied: result.applied },
      { attached: true, diagnostic: true, applied: true },
      lines.join('\n'),
    );
    assert.ok(
      result.titles.includes('Create PrintLabelHandler for PrintLabel in src/MessageHandler/PrintLabelHandler.ts'),
      JSON.stringify(result.titles),
    );
    const handler = join(root, 'src/MessageHandler/PrintLabelHandler.ts');
    assert.ok(existsSync(handler), 'the handler file was written');
    assert.match(readFileSync(handler, 'utf8'), /@AsMessageHandler\(PrintLabel\)\nexport class PrintLabelHandler \{/);
    assert.match(readFileSync(join(root, 'src/messenger.ts'), 'utf8'), /GetStockHandler, PrintLabelHandler\]/);
    assert.equal(result.cleared, true, `the diagnostic stayed: ${lines.join('\n')}`);
  });
});
