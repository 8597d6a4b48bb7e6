/**
 * Turns the `messenger.cliCommand` setting into a program and its arguments. The setting is
 * split like a shell command line (quotes, backslash escapes) but never run by a shell, so a
 * file name or a message class can never be read as shell syntax.
 */
import { isAbsolute, join } from 'node:path';

export interface CliInvocation {
  readonly program: string;
  readonly args: readonly string[];
}

export const DEFAULT_CLI_COMMAND = 'node_modules/.bin/messenger';

export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < line.length && '"\\'.includes(line[i + 1]!)) word += line[++i];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new Error(`Unterminated ${quote} quote in the CLI command "${line}".`);
  if (inWord) words.push(word);
  return words;
}

/**
 * The invocation for a workspace folder: a program given as a relative path (`node_modules/.bin/messenger`)
 * is resolved against the folder; a bare name (`npx`, `node`) is looked up on PATH.
 */
export function resolveCliInvocation(setting: string | undefined, workspaceFolder: string): CliInvocation {
  const words = splitCommandLine(setting?.trim() ? setting : DEFAULT_CLI_COMMAND);
  const [program, ...args] = words;
  if (program === undefined) throw new Error('The CLI command setting (messenger.cliCommand) is empty.');
  const resolved = isAbsolute(program) || !/[\\/]/.test(program) ? program : join(workspaceFolder, program);
  return { program: resolved, args };
}

/** The arguments for one CLI command: the environment first (a global option), `--format json` last. */
export function cliArguments(invocation: CliInvocation, command: readonly string[], environment?: string): string[] {
  return [...invocation.args, ...(environment ? ['--env', environment] : []), ...command, '--format', 'json'];
}
