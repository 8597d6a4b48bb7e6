import type { Style } from './ansi.js';
import { ConsoleOutput, type Output, styled } from './ConsoleOutput.js';

/**
 * Console output that looks like Symfony's SymfonyStyle: titles, sections, tables and
 * [OK]/[ERROR]/[WARNING] blocks, so the commands read like `bin/console messenger:*`.
 * Everything goes through a ConsoleOutput, so whatever a message put in the text is shown harmlessly.
 */
export class SymfonyStyle {
  readonly output: ConsoleOutput;

  constructor(out: Output | ConsoleOutput = process.stdout, options: { ansi?: boolean } = {}) {
    this.output = out instanceof ConsoleOutput ? out : new ConsoleOutput(out, options);
  }

  get colors(): boolean {
    return this.output.colors;
  }

  style(style: Style, text: string): string {
    return styled(style, text);
  }

  write(text: string): void {
    this.output.write(text);
  }

  writeln(text = ''): void {
    this.output.write(`${text}\n`);
  }

  newLine(count = 1): void {
    this.output.write('\n'.repeat(count));
  }

  title(text: string): void {
    this.writeln();
    this.writeln(this.style('comment', text));
    this.writeln(this.style('comment', '='.repeat(this.output.width(text))));
    this.writeln();
  }

  section(text: string): void {
    this.writeln(this.style('comment', text));
    this.writeln(this.style('comment', '-'.repeat(this.output.width(text))));
    this.writeln();
  }

  text(text: string): void {
    for (const line of text.split('\n')) this.writeln(` ${line}`);
  }

  /** A table in Symfony's style-guide look; `headers` may be empty. Columns are as wide as their text shows. */
  table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
    const columns = Math.max(headers.length, ...rows.map((r) => r.length), 1);
    const widths = Array.from({ length: columns }, (_, i) =>
      Math.max(0, ...[headers, ...rows].map((r) => this.output.width(r[i] ?? ''))),
    );
    const border = ` ${widths.map((w) => '-'.repeat(w + 2)).join(' ')} `;
    const line = (cells: readonly string[]): string =>
      ` ${widths.map((w, i) => ` ${this.pad(cells[i] ?? '', w)} `).join(' ')} `;
    this.writeln(border);
    if (headers.length > 0) {
      this.writeln(line(headers.map((h) => this.style('info', h))));
      this.writeln(border);
    }
    for (const row of rows) this.writeln(line(row));
    this.writeln(border);
    this.writeln();
  }

  /** `key: value` lines, aligned, as `$io->definitionList()` prints them. */
  definitionList(entries: ReadonlyArray<readonly [string, string]>): void {
    this.table(
      [],
      entries.map(([k, v]) => [this.style('info', k), v]),
    );
  }

  success(message: string): void {
    this.block('OK', message, 'success-block');
  }

  error(message: string): void {
    this.block('ERROR', message, 'error-block');
  }

  warning(message: string): void {
    this.block('WARNING', message, 'warning-block');
  }

  /** ` // text`, as `$io->comment()` prints it. */
  comment(message: string): void {
    for (const line of message.split('\n')) this.writeln(` // ${line}`);
    this.writeln();
  }

  note(message: string): void {
    for (const [index, line] of message.split('\n').entries())
      this.writeln(this.style('note', `${index === 0 ? ' ! [NOTE] ' : '          '}${line}`));
    this.writeln();
  }

  private block(label: string, message: string, style: Style): void {
    const prefix = ` [${label}] `;
    const lines = message.split('\n').map((l, i) => (i === 0 ? prefix : ' '.repeat(prefix.length)) + l);
    const width = Math.max(...lines.map((l) => this.output.width(l))) + 1;
    this.writeln();
    for (const l of ['', ...lines, '']) this.writeln(this.style(style, this.pad(l, width)));
    this.writeln();
  }

  private pad(text: string, width: number): string {
    return text + ' '.repeat(Math.max(0, width - this.output.width(text)));
  }
}
