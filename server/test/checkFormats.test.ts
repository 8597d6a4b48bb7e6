import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toGithubAnnotations } from '../src/analysis/check/github.js';
import { ignoredLines, isIgnored } from '../src/analysis/suppress/ignoreComments.js';
import { diagnostic } from '../src/analysis/diagnostics/types.js';

const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } };

describe('check formats', () => {
  it('escapes what GitHub workflow commands reserve, in the message and in properties', () => {
    const d = diagnostic('unknown-key', { file: '/p/config/a,b:c.yaml', range }, '100% wrong\r\nnext line');
    assert.equal(
      toGithubAnnotations([d], '/p'),
      '::error file=config/a%2Cb%3Ac.yaml,line=3,col=5,endLine=3,endColumn=10,title=messenger unknown-key::100%25 wrong%0D%0Anext line\n',
    );
  });

  it('reads messenger-ignore-next-line comments: codes separated by spaces or commas, none meaning every code', () => {
    const ignored = ignoredLines(
      [
        'a',
        '// messenger-ignore-next-line missing-handler, unrouted-message',
        'b',
        '  # messenger-ignore-next-line',
        'c',
        '/* messenger-ignore-next-line unknown-bus */',
        'd',
      ].join('\n'),
    );
    assert.ok(isIgnored(ignored, 2, 'missing-handler'));
    assert.ok(isIgnored(ignored, 2, 'unrouted-message'));
    assert.ok(!isIgnored(ignored, 2, 'unknown-bus'));
    assert.ok(!isIgnored(ignored, 1, 'missing-handler'), 'the comment line itself is not ignored');
    assert.ok(isIgnored(ignored, 4, 'anything-at-all'));
    assert.ok(isIgnored(ignored, 6, 'unknown-bus'));
    assert.ok(!isIgnored(ignored, 6, 'missing-handler'));
  });
});

describe('check output in a terminal', () => {
  it('prints what the project holds without its escape sequences, in every format', async () => {
    const { runCheckCommand } = await import('../src/analysis/check/runCheckCommand.js');
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'messenger-check-escape-'));
    mkdirSync(join(dir, 'config/packages'), { recursive: true });
    // A routing rule names a transport whose name carries a screen clear, a title change and a bidi override.
    writeFileSync(
      join(dir, 'config/packages/messenger.yaml'),
      'framework:\n  messenger:\n    transports:\n      async: "in-memory://"\n    routing:\n      "App\\\\Message\\\\Ping": "asy\\e[2J\\e]0;owned\\anc\\u202e"\n',
    );
    for (const format of ['txt', 'json', 'sarif', 'github'] as const) {
      let printed = '';
      await runCheckCommand({ dir, cwd: dir, format, out: { write: (text: string) => (printed += text) } });
      assert.match(printed, /asy/, `${format}: the problem is reported`);
      assert.doesNotMatch(printed, /[\u001b\u0007\u202e]/, `${format}: no raw escape or bidi control`);
    }
  });
});
