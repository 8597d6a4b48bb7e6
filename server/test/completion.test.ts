/** Completion of routing keys in a project with many messages: filtered by what is typed, cut short and marked incomplete. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CompletionList } from 'vscode-languageserver';
import { completion } from '../src/features/completion.js';
import { analyzeProject, removeProject, RUNTIME, yaml } from './support/project.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeProject));

const COUNT = 150;

describe('routing-key completion', () => {
  const names = Array.from({ length: COUNT }, (_, i) => `Job${i}`);
  const files: Record<string, string> = {
    'config/packages/messenger.yaml': yaml("transports:\n  async: 'in-memory://'\nrouting:\n  Job0: async"),
    'src/messenger.ts': `${RUNTIME}${names.map((n) => `import { ${n} } from './Message/${n}.js';`).join('\n')}\nexport default createMessenger({ messages: [${names.join(', ')}] });\n`,
  };
  for (const name of names) files[`src/Message/${name}.ts`] = `export class ${name} {}\n`;
  const result = analyzeProject(files);
  dirs.push(result.dir);
  const file = join(result.dir, 'config/packages/messenger.yaml');
  const text = result.text(file)!;
  const line = text.split('\n').findIndex((l) => l.includes('Job0: async'));
  const at = (typed: string): CompletionList | null => {
    result.text = (path) => (path === file ? text.replace('Job0: async', `${typed}\n      Job0: async`) : undefined);
    const position = { line, character: 6 + typed.length };
    return completion.answer(result, { file }, position, { textDocument: { uri: '' }, position }, {});
  };

  it('offers 200 of the 300 names when nothing is typed, unrouted messages first, and says the list is incomplete', () => {
    const list = at('');
    assert.equal(list?.isIncomplete, true);
    assert.equal(list?.items.length, 200);
    assert.equal(list?.items[0]?.label, 'App\\Message\\Job1');
    assert.ok(!list?.items.some((item) => item.label === 'Job0'), 'Job0 is routed: at the end, beyond the cut');
  });

  it('keeps the names with the letters typed, in order (as editors filter): then the whole list', () => {
    const list = at('jb14');
    const labels = list?.items.map((item) => item.label) ?? [];
    assert.equal(list?.isIncomplete, false);
    for (const name of ['Job14', 'App\\Message\\Job14', 'Job141', 'Job104']) assert.ok(labels.includes(name), name);
    assert.ok(
      labels.every((label) => /Job\d*1\d*4/.test(label)),
      labels.join(', '),
    );
    assert.ok(!labels.includes('Job23') && !labels.includes('Job41'));
    assert.deepEqual(list?.items[0]?.textEdit, {
      range: { start: { line, character: 6 }, end: { line, character: 10 } },
      newText: list?.items[0]?.label,
    });
  });
});
