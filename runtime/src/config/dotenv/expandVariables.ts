/**
 * Variable expansion in `.env` values, as Symfony's Dotenv does it: `$NAME`, `${NAME}`,
 * `${NAME:-default}` (the default when NAME is empty or unset) and `${NAME:=default}` (the same,
 * and NAME is set to it), `\$` for a literal dollar sign. An unknown variable expands to "".
 */

/** Thrown for a value Symfony's Dotenv refuses; the parser adds the file and line. */
export class DotenvFormatError extends Error {}

export interface VariableScope {
  /** The value of a variable: the real environment first, then what the .env files set so far. */
  lookup(name: string): string | undefined;
  /** `${NAME:=default}` sets NAME for the rest of the file. */
  assign(name: string, value: string): void;
}

const VARIABLE =
  /(?<!\\)(?<backslashes>\\*)\$(?!\()(?<opening>\{)?(?<name>_?[A-Za-z][A-Za-z0-9_]*)?(?<fallback>:[-=][^}]*)?(?<closing>\})?/g;

export function expandVariables(value: string, scope: VariableScope): string {
  if (!value.includes('$')) return value;
  return value.replace(VARIABLE, (...args: unknown[]) => {
    const all = args[0] as string;
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    const backslashes = groups['backslashes'] ?? '';
    // An odd number of backslashes escapes the dollar sign: drop one, keep the text.
    if (backslashes.length % 2 === 1) return all.slice(1);
    const name = groups['name'];
    if (name === undefined) return all;
    if (groups['opening'] !== undefined && groups['closing'] === undefined)
      throw new DotenvFormatError('Unclosed braces on variable expansion');
    let expanded = scope.lookup(name) ?? '';
    const fallback = groups['fallback'];
    if (expanded === '' && fallback !== undefined && fallback !== '') {
      const unsupported = /['"{$]/.exec(fallback);
      if (unsupported !== null)
        throw new DotenvFormatError(
          `Unsupported character "${unsupported[0]}" found in the default value of variable "$${name}".`,
        );
      expanded = fallback.slice(2);
      if (fallback[1] === '=') scope.assign(name, expanded);
    }
    if (groups['opening'] === undefined && groups['closing'] !== undefined) expanded += '}';
    return backslashes + expanded;
  });
}

/**
 * `$(command)`: Symfony's Dotenv runs it in a shell. Reading a project's configuration never
 * runs its commands here (the language server reads untrusted workspaces too): `\$(…)` becomes
 * the literal text as in Symfony, and the commands are returned so that the caller can say they
 * were left as written.
 */
export function unescapeCommands(value: string): { readonly value: string; readonly commands: readonly string[] } {
  if (!value.includes('$(')) return { value, commands: [] };
  const commands: string[] = [];
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const escaped = value[i] === '\\' && value.startsWith('$(', i + 1);
    const start = escaped ? i + 1 : i;
    if (!value.startsWith('$(', start)) {
      out += value[i];
      continue;
    }
    const end = closingParenthesis(value, start + 1);
    if (end === -1) {
      out += value.slice(i);
      break;
    }
    const command = value.slice(start, end + 1);
    if (!escaped) commands.push(command);
    out += command;
    i = end;
  }
  return { value: out, commands };
}

function closingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
