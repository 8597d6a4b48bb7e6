import { randomUUID } from 'node:crypto';
import stringWidth from 'string-width';
import { CODES, colorsEnabled, type Style } from './ansi.js';
import { terminalSafe } from './terminalSafe.js';

/** A stream a command writes to: process.stdout or process.stderr, or a capture in tests. */
export type Output = NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };

/**
 * Where styled text starts and ends. Random for each process and never written out, so text
 * that came from a message cannot forge it: everything outside these marks is made terminal-safe.
 */
const MARK = `\u0000${randomUUID()}`;
const MARKS = new RegExp(`${MARK}([+-])([a-z-]+)\u0000`, 'g');

/** `text` in a style; the output that writes it decides whether the style becomes colors. */
export function styled(style: Style, text: string): string {
  return `${MARK}+${style}\u0000${text}${MARK}-${style}\u0000`;
}

/**
 * The one way text reaches the console: every string written is made terminal-safe (see
 * terminalSafe), except the styles it was given through `styled`, which become colors on a
 * terminal and nothing elsewhere. Commands, tables and log lines interpolate message data
 * freely; this is where it is cleaned.
 */
export class ConsoleOutput {
  readonly colors: boolean;

  constructor(
    readonly stream: Output,
    options: { ansi?: boolean } = {},
  ) {
    this.colors = colorsEnabled(stream, options.ansi);
  }

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  /** The terminal's width, 80 when it is not known. */
  get columns(): number {
    return this.stream.columns ?? 80;
  }

  write(text: string): void {
    this.stream.write(this.render(text));
  }

  /** The console's own control sequences (a progress bar redrawing its line): written as they are. */
  writeControl(sequence: string): void {
    this.stream.write(sequence);
  }

  /** Columns the text takes on a terminal (wide CJK and emoji count two; styles and controls nothing). */
  width(text: string): number {
    return stringWidth(render(text, false));
  }

  render(text: string): string {
    return render(text, this.colors);
  }
}

function render(text: string, colors: boolean): string {
  let rendered = '';
  let from = 0;
  for (const mark of text.matchAll(MARKS)) {
    rendered += terminalSafe(text.slice(from, mark.index));
    const codes = CODES[mark[2] as Style] as readonly [string, string] | undefined;
    if (colors && codes !== undefined) rendered += mark[1] === '+' ? codes[0] : codes[1];
    from = mark.index + mark[0].length;
  }
  return rendered + terminalSafe(text.slice(from));
}
