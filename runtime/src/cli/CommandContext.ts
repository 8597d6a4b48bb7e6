import { InvalidArgumentError } from 'commander';
import type { Messenger } from '../app/Messenger.js';
import { findApplication, findProjectDir } from './bootstrap/findApplication.js';
import { loadApplication } from './bootstrap/loadApplication.js';
import { ConsoleOutput, type Output } from './console/ConsoleOutput.js';
import { type Prompter, TerminalPrompter } from './console/Prompter.js';
import { SymfonyStyle } from './console/SymfonyStyle.js';
import { terminalSafeJson } from './console/terminalSafe.js';

export type OutputFormat = 'txt' | 'json';

/** Where a command writes: process.stdout and process.stderr, unless embedded (tests). */
export type { Output };

export interface ContextOptions {
  /** The command line, for -v/-vv/-vvv anywhere on it. */
  readonly argv?: readonly string[];
  /** How questions are asked (`failed:retry`, `failed:remove`). */
  readonly prompter?: Prompter;
  /** Builds the application instead of finding and importing its bootstrap module (embedding, tests). */
  readonly application?: () => Promise<Messenger>;
  readonly stdout?: Output;
  readonly stderr?: Output;
}

export interface GlobalOptions {
  app?: string;
  env?: string;
  ansi?: boolean;
}

/** What every command needs: the console, the output format, and the application. */
export class CommandContext {
  readonly prompter: Prompter;
  readonly stdout: Output;
  readonly stderr: Output;
  private readonly argv: readonly string[];
  private readonly application: (() => Promise<Messenger>) | undefined;

  constructor(
    readonly cwd: string,
    private readonly globals: () => GlobalOptions,
    options: ContextOptions = {},
  ) {
    this.argv = options.argv ?? process.argv;
    this.prompter = options.prompter ?? new TerminalPrompter();
    this.application = options.application;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
  }

  /** 0 to 3, from -v, -vv, -vvv or --verbose. */
  verbosity(): number {
    return verbosity(this.argv);
  }

  /** Whether colors are forced on or off (--ansi / --no-ansi). */
  ansi(): boolean | undefined {
    return this.globals().ansi;
  }

  io(): SymfonyStyle {
    return new SymfonyStyle(this.output());
  }

  errorIo(): SymfonyStyle {
    return new SymfonyStyle(this.errorOutput());
  }

  output(): ConsoleOutput {
    return new ConsoleOutput(this.stdout, { ansi: this.globals().ansi });
  }

  errorOutput(): ConsoleOutput {
    return new ConsoleOutput(this.stderr, { ansi: this.globals().ansi });
  }

  /** A command's JSON result (--format json). */
  printJson(value: unknown): void {
    this.stdout.write(`${terminalSafeJson(value, 2)}\n`);
  }

  /**
   * The project directory, without importing the application (so it works when the app is
   * broken); an embedding that supplies its application is asked for its own.
   */
  async projectDir(): Promise<string> {
    if (this.application === undefined) return findProjectDir(this.cwd);
    return this.withApplication(async (messenger) => messenger.config.projectDir);
  }

  /**
   * Loads the application, runs `work`, and always closes the transports afterwards; `globals`
   * stand in for the command line's (completion loads the application of the line being typed).
   */
  async withApplication<T>(work: (messenger: Messenger) => Promise<T>, globals = this.globals()): Promise<T> {
    const { app, env } = globals;
    // The bootstrap module calls createMessenger() itself; APP_ENV is how the environment reaches it.
    if (env !== undefined) process.env['APP_ENV'] = env;
    const messenger =
      this.application !== undefined ? await this.application() : await loadApplication(findApplication(this.cwd, app));
    try {
      return await work(messenger);
    } finally {
      await messenger.close();
    }
  }
}

/** -v, -vv, -vvv anywhere on the command line, as in Symfony's console. */
export function verbosity(argv: readonly string[]): number {
  let level = 0;
  for (const arg of argv) {
    if (/^-v+$/.test(arg)) level = Math.max(level, arg.length - 1);
    if (arg === '--verbose') level = Math.max(level, 1);
  }
  return level;
}

/** The values of every command's `--format`. */
export const FORMATS: readonly OutputFormat[] = ['txt', 'json'];

/** `--format`: commander reports a bad value as a usage error naming the option (not a stack trace). */
export function parseFormat(value: string): OutputFormat {
  if (!(FORMATS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`The "${value}" format is not supported: use "txt" or "json".`);
  return value as OutputFormat;
}
