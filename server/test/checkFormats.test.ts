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
