/**
 * Turns the `messenger.cliCommand` setting into a program and its arguments. The setting is
 * split like a shell command line (quotes, backslash escapes) but never run by a shell, so a
 * file name or a message class can never be read as shell syntax. Left empty (the default),
 * the project's own CLI runs: `node <@messenger-ts/runtime's bin/messenger.js>`, which needs
 * no shell on any platform (node_modules/.bin/messenger is a .cmd shim on Windows, which Node
 * refuses to run without a shell since 20.12.2).
 */
import { isAbsolute, join } from 'node:path';
import { CliError } from './CliError';

export interface CliInvocation {
  readonly program: string;
  readonly args: readonly string[];
}

/** Values that mean "the project's own CLI": empty, and the manifest's former default. */
const DEFAULT_VALUES = new Set(['', 'node_modules/.bin/messenger']);

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
  if (quote !== undefined)
    throw new CliError(`The setting messenger.cliCommand has an unterminated ${quote} quote: ${line}`);
  if (inWord) words.push(word);
  return words;
}

/**
 * The invocation for a workspace folder. Default: `node` and the runtime's bin script, found
 * by `findRuntimeBin` (undefined: not installed). Otherwise the setting: a program given as a
 * relative path is resolved against the workspace folder (npm puts node_modules/.bin there,
 * even for a project in a subfolder); a bare name (`npx`, `node`) is looked up on PATH.
 */
export function resolveCliInvocation(
  setting: string | undefined,
  workspaceFolder: string,
  findRuntimeBin: () => string | undefined,
): CliInvocation {
  const line = setting?.trim() ?? '';
  if (DEFAULT_VALUES.has(line)) {
    const bin = findRuntimeBin();
    if (bin === undefined)
      throw new CliError(
        `The messenger CLI was not found: @messenger-ts/runtime is not installed in ${workspaceFolder}. Install it (npm install @messenger-ts/runtime), or set messenger.cliCommand.`,
      );
    return { program: 'node', args: [bin] };
  }
  const [program, ...args] = splitCommandLine(line);
  if (program === undefined) throw new CliError('The setting messenger.cliCommand is empty.');
  const resolved = isAbsolute(program) || !/[\\/]/.test(program) ? program : join(workspaceFolder, program);
  return { program: resolved, args };
}

/** The arguments for one CLI command: the environment first (a global option), `--format json` last. */
export function cliArguments(invocation: CliInvocation, command: readonly string[], environment?: string): string[] {
  return [...invocation.args, ...(environment ? ['--env', environment] : []), ...command, '--format', 'json'];
}
