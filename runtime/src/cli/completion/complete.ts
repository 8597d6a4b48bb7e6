import type { Command, Option } from 'commander';
import { FORMATS } from '../CommandContext.js';
import { type AppAccess, completionOf, type Suggestion, type Suggestions, type ValueSource } from './Completions.js';

export interface CompletionRequest {
  /** The words of the command line up to the cursor; the first is the program, the last the word being typed. */
  readonly words: readonly string[];
  /** The application, for values that come from its configuration. */
  readonly app: AppAccess;
}

/**
 * What may come at the cursor, as Symfony's CompleteCommand works it out: a command name, an
 * option of the command (or a global one), an option's value, or an argument's value.
 */
export async function complete(program: Command, request: CompletionRequest): Promise<Suggestion[]> {
  const words = request.words.slice(1);
  const current = words.pop() ?? '';
  const line = parse(program, words);
  const command = line.command === 'help' || line.command === 'unknown' ? undefined : line.command;
  const offer = async (source: ValueSource | undefined, prefix = ''): Promise<Suggestion[]> =>
    matching(source === undefined ? [] : await source(request.app, line.options), current.slice(prefix.length), prefix);

  if (line.pendingOption !== undefined) return offer(valuesOf(command ?? program, line.pendingOption));
  const assigned = /^(--[^=]+)=/.exec(current);
  if (assigned !== null) {
    const option = findOption(command ?? program, program, assigned[1]!);
    return option === undefined ? [] : offer(valuesOf(command ?? program, option), assigned[0]);
  }
  if (current.startsWith('-')) return matching(optionsOf(command, program), current);
  if (line.command === undefined) return matching(commandsOf(program), current);
  if (line.command === 'help') return line.positionals.length === 0 ? matching(commandsOf(program), current) : [];
  if (line.command === 'unknown') return [];
  const sources = completionOf(line.command).arguments ?? [];
  const variadic = line.command.registeredArguments.at(-1)?.variadic === true;
  const index = variadic ? Math.min(line.positionals.length, sources.length - 1) : line.positionals.length;
  return offer(sources[index]);
}

interface ParsedLine {
  /** The command typed: commander's implicit `help`, or one that does not exist. */
  readonly command: Command | 'help' | 'unknown' | undefined;
  /** Arguments given to the command so far. */
  readonly positionals: readonly string[];
  /** Values of the options given so far, by long name. */
  readonly options: Readonly<Record<string, string>>;
  /** An option that still waits for its value (the word being typed is that value). */
  readonly pendingOption?: Option;
}

function parse(program: Command, words: readonly string[]): ParsedLine {
  let command: ParsedLine['command'];
  const positionals: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') continue;
    if (word.startsWith('-')) {
      const option = findOption(typeof command === 'object' ? command : program, program, word);
      const name = option?.long?.replace(/^--/, '') ?? '';
      if (word.includes('=')) options[name] = word.slice(word.indexOf('=') + 1);
      // An option whose value is optional (`--keepalive [seconds]`) never waits for one.
      if (option === undefined || !option.required || word.includes('=')) continue;
      if (i === words.length - 1) return { command, positionals, options, pendingOption: option };
      options[name] = words[++i]!;
    } else if (command === undefined) {
      command =
        word === 'help'
          ? 'help'
          : (program.commands.find((c) => c.name() === word || c.aliases().includes(word)) ?? 'unknown');
    } else positionals.push(word);
  }
  return { command, positionals, options };
}

function findOption(command: Command, program: Command, word: string): Option | undefined {
  const flag = word.split('=')[0]!;
  return [...command.options, ...program.options].find((o) => o.long === flag || o.short === flag);
}

function valuesOf(command: Command, option: Option): ValueSource | undefined {
  const name = option.long?.replace(/^--/, '') ?? '';
  const choices = option.argChoices ?? (name === 'format' ? FORMATS : undefined);
  return completionOf(command).options?.[name] ?? (choices === undefined ? undefined : () => choices);
}

function optionsOf(command: Command | undefined, program: Command): Suggestion[] {
  const options = command === undefined ? program.options : [...command.options, ...program.options];
  const suggestions = options
    .filter((o) => !o.hidden && o.long !== undefined)
    .map((o) => ({ value: o.long!, description: o.description }));
  return [...suggestions, { value: '--help', description: 'display help for command' }];
}

/** The commands a user may type; `_complete`, which the scripts call, is not one. */
function commandsOf(program: Command): Suggestion[] {
  return [
    ...program.commands
      .filter((c) => !c.name().startsWith('_'))
      .map((c) => ({ value: c.name(), description: c.description() })),
    { value: 'help', description: 'display help for command' },
  ].sort((a, b) => a.value.localeCompare(b.value));
}

function matching(suggestions: Suggestions, typed: string, prefix = ''): Suggestion[] {
  const seen = new Set<string>();
  const result: Suggestion[] = [];
  for (const suggestion of suggestions) {
    const s = typeof suggestion === 'string' ? { value: suggestion } : suggestion;
    if (!s.value.startsWith(typed) || seen.has(s.value)) continue;
    seen.add(s.value);
    result.push({ ...s, value: prefix + s.value });
  }
  return result;
}
