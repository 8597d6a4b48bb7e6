import type { Command } from 'commander';
import type { Messenger } from '../../app/Messenger.js';

/** A value to offer, with what it is (zsh and fish show the description beside it). */
export interface Suggestion {
  readonly value: string;
  readonly description?: string;
}

export type Suggestions = ReadonlyArray<string | Suggestion>;

/** Runs `work` on the application; undefined when it cannot be loaded (a completion never prints an error). */
export type AppAccess = <T>(work: (messenger: Messenger) => T | Promise<T>) => Promise<T | undefined>;

/**
 * Suggests values; `app` gives those that depend on the application's configuration, `options`
 * the option values already on the line (by long name: `{ transport: 'failed' }`).
 */
export type ValueSource = (
  app: AppAccess,
  options: Readonly<Record<string, string>>,
) => Suggestions | Promise<Suggestions>;

/** What a command can complete: its arguments (by position; the last one repeats when variadic) and option values. */
export interface CommandCompletion {
  readonly arguments?: readonly ValueSource[];
  /** By long option name, without the dashes. */
  readonly options?: Readonly<Record<string, ValueSource>>;
}

const completions = new WeakMap<Command, CommandCompletion>();

/** Declares, next to a command's definition, the values its arguments and options take (Symfony's Command::complete). */
export function completes(command: Command, completion: CommandCompletion): Command {
  completions.set(command, completion);
  return command;
}

export function completionOf(command: Command): CommandCompletion {
  return completions.get(command) ?? {};
}

/** Values from the application, or none when it cannot be loaded. */
export function fromApp(
  values: (messenger: Messenger, options: Readonly<Record<string, string>>) => Suggestions | Promise<Suggestions>,
): ValueSource {
  return async (app, options) => (await app((messenger) => values(messenger, options))) ?? [];
}
