import { DotenvFormatError, expandVariables, unescapeCommands, type VariableScope } from './expandVariables.js';

/**
 * Parses a `.env` file with the rules of Symfony's Dotenv (not Node's, so a file written for a
 * Symfony app means the same here): `NAME=value`, `export NAME=value`, `# comments`,
 * 'single quotes' (literal), "double quotes" (escapes and expansion, may span lines), unquoted
 * values (expansion; a space needs quotes), and `$VAR` / `${VAR:-default}` expansion.
 */

export interface DotenvIssue {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Offsets in the text: where the problem is. */
  readonly offset: number;
  readonly endOffset: number;
}

export interface ParsedDotenv {
  readonly values: Readonly<Record<string, string>>;
  readonly issues: readonly DotenvIssue[];
}

export interface DotenvScope {
  /** A variable not set earlier in this file: from the real environment or an earlier file. */
  lookup(name: string): string | undefined;
  /** Whether the real environment sets it (it then wins over this file's own earlier lines). */
  isRealEnv(name: string): boolean;
}

const VARNAME = /(export[ \t]+)?(_?[A-Za-z][A-Za-z0-9_]*)/y;
const EMPTY_VALUE = /[ \t]*(?:#[^\n]*)?(?=\n|$)/y;
const EMPTY_LINES = /(?:\s+|#[^\n]*)*/y;

export function parseDotenv(text: string, scope: DotenvScope): ParsedDotenv {
  return new DotenvLexer(text.replace(/\r\n?/g, '\n'), scope).parse();
}

class DotenvLexer {
  private cursor = 0;
  /** Where the variable being read starts: problems point at its line. */
  private entryStart = 0;
  private readonly values: Record<string, string> = Object.create(null) as Record<string, string>;
  private readonly issues: DotenvIssue[] = [];
  private readonly variables: VariableScope;

  constructor(
    private readonly data: string,
    scope: DotenvScope,
  ) {
    this.variables = {
      lookup: (name) =>
        Object.hasOwn(this.values, name) && !scope.isRealEnv(name) ? this.values[name] : scope.lookup(name),
      assign: (name, value) => {
        this.values[name] = value;
      },
    };
  }

  parse(): ParsedDotenv {
    this.skipEmptyLines();
    while (this.cursor < this.data.length) {
      this.entryStart = this.cursor;
      try {
        const name = this.lexVarname();
        this.values[name] = this.lexValue();
      } catch (error) {
        if (!(error instanceof DotenvFormatError)) throw error;
        // Like Symfony, nothing after a syntax error is read: the file's meaning is unclear from there.
        // The line of the variable being read: where to look (a quoted value may run on over several).
        this.issues.push({ severity: 'error', message: `Invalid .env syntax: ${error.message}.`, ...this.entryLine() });
        break;
      }
    }
    return { values: { ...this.values }, issues: this.issues };
  }

  private lexVarname(): string {
    VARNAME.lastIndex = this.cursor;
    const match = VARNAME.exec(this.data);
    if (match === null) throw new DotenvFormatError('Invalid character in variable name');
    this.cursor += match[0].length;
    const next = this.data[this.cursor];
    if (next === undefined || next === '\n' || next === '#') {
      throw new DotenvFormatError(
        match[1] ? 'Unable to unset an environment variable' : 'Missing = in the environment variable declaration',
      );
    }
    if (next === ' ' || next === '\t')
      throw new DotenvFormatError('Whitespace characters are not supported after the variable name');
    if (next !== '=') throw new DotenvFormatError('Missing = in the environment variable declaration');
    this.cursor++;
    return match[2]!;
  }

  private lexValue(): string {
    EMPTY_VALUE.lastIndex = this.cursor;
    const empty = EMPTY_VALUE.exec(this.data);
    if (empty !== null) {
      this.cursor += empty[0].length;
      this.skipEmptyLines();
      return '';
    }
    const first = this.data[this.cursor];
    if (first === ' ' || first === '\t') throw new DotenvFormatError('Whitespace are not supported before the value');
    let value = '';
    do {
      const quote = this.data[this.cursor];
      if (quote === "'") value += this.singleQuoted();
      else if (quote === '"') value += this.doubleQuoted();
      else {
        value += this.unquoted();
        if (this.data[this.cursor] === '#') break;
      }
    } while (this.cursor < this.data.length && this.data[this.cursor] !== '\n');
    this.skipEmptyLines();
    return value;
  }

  /** 'literal': no escapes, no expansion. */
  private singleQuoted(): string {
    const close = this.data.indexOf("'", this.cursor + 1);
    if (close === -1) {
      this.cursor = this.data.length;
      throw new DotenvFormatError('Missing quote to end the value');
    }
    const value = this.data.slice(this.cursor + 1, close);
    this.cursor = close + 1;
    return value;
  }

  /** "text": `\"`, `\n`, `\r` and `\\` escapes, and expansion; may run over several lines. */
  private doubleQuoted(): string {
    let value = '';
    this.cursor++;
    const at = (i: number): string | undefined => this.data[i];
    while (at(this.cursor) !== '"' || (at(this.cursor - 1) === '\\' && at(this.cursor - 2) !== '\\')) {
      if (this.cursor >= this.data.length) throw new DotenvFormatError('Missing quote to end the value');
      value += this.data[this.cursor++];
    }
    this.cursor++;
    return this.resolve(value.replaceAll('\\"', '"').replaceAll('\\r', '\r').replaceAll('\\n', '\n'));
  }

  /** Up to a quote, the end of the line, or a comment (`#` after a space). */
  private unquoted(): string {
    let value = '';
    let previous = this.data[this.cursor - 1];
    for (let c = this.data[this.cursor]; this.cursor < this.data.length; c = this.data[this.cursor]) {
      if (c === '\n' || c === '"' || c === "'" || ((previous === ' ' || previous === '\t') && c === '#')) break;
      const next = this.data[this.cursor + 1];
      if (c === '\\' && (next === '"' || next === "'")) this.cursor++;
      value += previous = this.data[this.cursor]!;
      if (c === '$' && next === '(') {
        this.cursor++;
        value += `(${this.nestedExpression()})`;
      }
      this.cursor++;
    }
    value = value.trimEnd();
    const resolved = this.resolve(value);
    // A command counts as resolved, as in Symfony (which runs it): the spaces are inside it.
    if (resolved === value && /\s/.test(value) && !value.includes('$('))
      throw new DotenvFormatError('A value containing spaces must be surrounded by quotes');
    return resolved;
  }

  /** The inside of `$( … )`, nested parentheses included, on one line. */
  private nestedExpression(): string {
    this.cursor++;
    let value = '';
    while (this.data[this.cursor] !== ')') {
      const c = this.data[this.cursor];
      if (c === undefined || c === '\n') throw new DotenvFormatError('Missing closing parenthesis');
      value += c;
      if (c === '(') value += `${this.nestedExpression()})`;
      this.cursor++;
    }
    return value;
  }

  private resolve(value: string): string {
    const commands = unescapeCommands(value);
    for (const command of commands.commands) {
      this.issues.push({
        severity: 'warning',
        message: `The command ${command} is left as written: commands in .env files are not run when the configuration is read (set the variable in the environment instead).`,
        ...this.entryLine(),
      });
    }
    return expandVariables(commands.value, this.variables).replaceAll('\\\\', '\\');
  }

  private entryLine(): { offset: number; endOffset: number } {
    const end = this.data.indexOf('\n', this.entryStart);
    return { offset: this.entryStart, endOffset: end === -1 ? this.data.length : end };
  }

  private skipEmptyLines(): void {
    EMPTY_LINES.lastIndex = this.cursor;
    this.cursor += EMPTY_LINES.exec(this.data)?.[0].length ?? 0;
  }
}
