import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import stringWidth from 'string-width';
import { ConsoleOutput } from '../../src/cli/console/ConsoleOutput.js';
import { SymfonyStyle } from '../../src/cli/console/SymfonyStyle.js';
import { terminalSafeJson } from '../../src/cli/console/terminalSafe.js';

/** A stream that keeps what it is given; a terminal when `tty`. */
function capture(tty = false): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { isTTY?: boolean };
  if (tty) stream.isTTY = true;
  return { stream, text: () => chunks.join('') };
}

describe('the console layer', () => {
  it('tables are as wide as their text shows: CJK and emoji take two columns, accents one', () => {
    const out = capture();
    const io = new SymfonyStyle(out.stream, { ansi: false });
    io.table(
      ['Id', 'Class', 'Error'],
      [
        ['1', 'Invoice', 'plain ascii'],
        ['2', '請求書', 'カード拒否 💳'],
        ['3', 'Café', '👍🏽 ok'],
      ],
    );
    const lines = out
      .text()
      .split('\n')
      .filter((line) => line !== '');
    assert.equal(lines.length, 7);
    const widths = lines.map((line) => stringWidth(line));
    assert.deepEqual(new Set(widths).size, 1, `every line of the table is as wide: ${widths.join(', ')}`);
  });

  it('blocks pad to the width shown, so their background is a rectangle', () => {
    const out = capture();
    new SymfonyStyle(out.stream, { ansi: false }).error('メッセージ 🚫\nsecond line');
    const lines = out
      .text()
      .split('\n')
      .filter((line) => line.length > 0);
    assert.equal(lines.length, 4, 'a padding line, two lines of text, a padding line');
    const widths = new Set(lines.map((line) => stringWidth(line)));
    assert.equal(widths.size, 1, `block lines: ${[...widths].join(', ')}`);
  });

  it('writes styles as colors only when asked, and strips every control a text brings', () => {
    const hostile = 'a\u001b[2Jb\u001b]0;title\u0007c\u009b1Ad\re\u202ef\u0008g';
    const plain = capture();
    const io = new SymfonyStyle(plain.stream, { ansi: false });
    io.writeln(`${io.style('info', 'ok')} ${hostile}`);
    assert.equal(plain.text(), 'ok abcdefg\n');
    const colored = capture(true);
    const tty = new SymfonyStyle(colored.stream, { ansi: true });
    tty.writeln(`${tty.style('info', hostile)}!`);
    assert.equal(colored.text(), '\u001b[32mabcdefg\u001b[39m!\n');
  });

  it('the width of styled text leaves the styles out', () => {
    const output = new ConsoleOutput(capture(true).stream, { ansi: true });
    const io = new SymfonyStyle(output);
    assert.equal(output.width(`${io.style('comment', '日本')} x`), 6);
  });

  it('JSON escapes C1 controls and bidi overrides as \\uXXXX: same data, nothing for a terminal to act on', () => {
    const value = { error: 'x\u009b2J\u202e\u001by' };
    const text = terminalSafeJson(value);
    assert.equal(text, '{"error":"x\\u009b2J\\u202e\\u001by"}');
    assert.deepEqual(JSON.parse(text), value);
  });
});
