/** The edit helpers of the quick-fixes on the cases the fixture projects do not show. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { diffEdit } from '../src/features/codeActions/edits.js';
import { codeStyle, editingProject, ensureValueImport } from '../src/features/codeActions/sourceEdits.js';
import { addMapEntry } from '../src/features/codeActions/yamlEdits.js';

const ROUTING = ['framework', 'messenger', 'routing'];

describe('messenger.yaml edits', () => {
  it('adds under an empty `routing: ~`, keeping its comment', () => {
    const text = 'framework:\n  messenger:\n    routing: ~ # none yet\n    transports:\n      async: sync://\n';
    assert.equal(
      addMapEntry(text, ROUTING, "'App\\Message\\Sms'", 'async'),
      "framework:\n  messenger:\n    routing: # none yet\n      'App\\Message\\Sms': async\n    transports:\n      async: sync://\n",
    );
  });

  it('adds the missing `routing` map at the end of messenger, at its indentation', () => {
    const text = 'framework:\n    messenger:\n        transports:\n            async: sync://\n\n# trailing comment\n';
    const out = addMapEntry(text, ROUTING, "'App\\Message\\Sms'", 'async')!;
    assert.equal(
      out,
      "framework:\n    messenger:\n        transports:\n            async: sync://\n        routing:\n            'App\\Message\\Sms': async\n\n# trailing comment\n",
    );
    assert.deepEqual(parseDocument(out).toJS(), {
      framework: { messenger: { transports: { async: 'sync://' }, routing: { 'App\\Message\\Sms': 'async' } } },
    });
  });

  it('writes the whole path into an empty file, and refuses a file that does not parse', () => {
    assert.equal(
      addMapEntry('', ROUTING, 'Sms', 'async'),
      'framework:\n    messenger:\n        routing:\n            Sms: async\n',
    );
    assert.equal(addMapEntry('framework: [\n', ROUTING, 'Sms', 'async'), undefined);
  });
});

describe('TypeScript edits', () => {
  it('imports a class under an alias when its name is taken by another module', () => {
    const text = "import { Notification } from '../Message/Email/Notification.js';\n\nexport class Handlers {}\n";
    const style = codeStyle(text);
    const file = editingProject(style).createSourceFile('/p/src/MessageHandler/Handlers.ts', text);
    const local = ensureValueImport(file, 'Notification', '../Message/Sms/Notification.js', false);
    assert.equal(local, 'Notification2');
    assert.match(
      file.getFullText(),
      /import \{ Notification as Notification2 \} from '\.\.\/Message\/Sms\/Notification\.js';/,
    );
  });

  it('turns a type-only import of the class into a value import', () => {
    const text = "import type { Sms } from '../Message/Sms.js';\n";
    const file = editingProject(codeStyle(text)).createSourceFile('/p/src/a.ts', text);
    assert.equal(ensureValueImport(file, 'Sms', '../Message/Sms.js', false), 'Sms');
    assert.equal(file.getFullText(), "import { Sms } from '../Message/Sms.js';\n");
  });

  it('reads the project style: double quotes, four spaces, no import suffix', () => {
    assert.deepEqual(codeStyle('import { a } from "./a";\nclass X {\n    y = 1;\n}\n'), {
      quote: '"',
      indent: '    ',
      importSuffix: '',
    });
  });

  it('turns a rewrite into the one edit between common start and end', () => {
    assert.deepEqual(diffEdit('a\nbc\nd', 'a\nbXc\nd'), {
      range: { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } },
      newText: 'X',
    });
  });
});
