import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CommandContext, type ContextOptions, type GlobalOptions } from './CommandContext.js';
import { registerCheckCommand } from './commands/check.js';
import { registerCompletionCommands } from './commands/completion.js';
import { registerConsumeCommand } from './commands/consume.js';
import { registerDebugCommand } from './commands/debug.js';
import { registerFailedRemoveCommand } from './commands/failedRemove.js';
import { registerFailedRetryCommand } from './commands/failedRetry.js';
import { registerFailedShowCommand } from './commands/failedShow.js';
import { registerListCommand } from './commands/list.js';
import { registerSetupTransportsCommand } from './commands/setupTransports.js';
import { registerStatsCommand } from './commands/stats.js';
import { registerStopWorkersCommand } from './commands/stopWorkers.js';
import { reportError } from './reportError.js';
import { jsonRequested } from './stdoutForJson.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export interface ProgramOptions extends ContextOptions {
  readonly cwd?: string;
}

/** The `messenger` command and its subcommands; `run` parses a command line and resolves to the exit code. */
export function createProgram(options: ProgramOptions = {}): {
  program: Command;
  run(argv: readonly string[]): Promise<number>;
} {
  const argv = options.argv ?? process.argv;
  const json = jsonRequested(argv);
  const program = new Command('messenger')
    .description('Symfony Messenger for TypeScript: inspect buses, run workers, repair failed messages.')
    .version(version, '-V, --version')
    .option('--app <file>', 'the module whose default export is your Messenger (default: src/messenger.ts)')
    .option('-e, --env <env>', 'the environment (APP_ENV): selects config/packages/<env>/ and .env.<env>')
    .option('--ansi', 'force colors')
    .option('--no-ansi', 'disable colors')
    .option(
      '-v, --verbose',
      'more output: -v notices, -vv info logs, -vvv debug (each message with its stamps and timings)',
    )
    // Every command's help lists these too, as Symfony's console does.
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError(!json)
    .enablePositionalOptions(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => (options.stdout ?? process.stdout).write(text),
      writeErr: (text) => (options.stderr ?? process.stderr).write(text),
      // In JSON mode a usage error is printed as JSON (below), not as text.
      outputError: (text, write) => (json ? undefined : write(text)),
    });
  const context = new CommandContext(options.cwd ?? process.cwd(), () => program.opts<GlobalOptions>(), {
    ...options,
    argv,
  });
  registerListCommand(program, context, version);
  for (const register of [
    registerDebugCommand,
    registerCheckCommand,
    registerConsumeCommand,
    registerFailedShowCommand,
    registerFailedRetryCommand,
    registerFailedRemoveCommand,
    registerStatsCommand,
    registerSetupTransportsCommand,
    registerStopWorkersCommand,
    registerCompletionCommands,
  ])
    register(program, context);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());

  const run = async (args: readonly string[]): Promise<number> => {
    process.exitCode = undefined;
    try {
      await program.parseAsync(args as string[]);
    } catch (error) {
      // Actions report their own errors (runCommand); anything else still gets a message, not a stack trace.
      if (!(error instanceof CommanderError)) {
        reportError(error, json ? 'json' : 'txt', json ? context.io() : context.errorIo(), context.verbosity());
        return 1;
      }
      // --help and --version end here too, successfully.
      if (error.exitCode === 0) return 0;
      if (json)
        reportError(
          Object.assign(new Error(error.message.replace(/^error: /, '')), { name: 'UsageError' }),
          'json',
          context.io(),
          0,
        );
      return error.exitCode || 1;
    }
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  };
  return { program, run };
}
