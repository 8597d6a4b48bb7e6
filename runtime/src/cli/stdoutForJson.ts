import type { Output } from './CommandContext.js';

/** Global options that take a value, to find the command name on a command line. */
const OPTIONS_WITH_VALUE = new Set(['--app', '-e', '--env']);

export function jsonRequested(argv: readonly string[]): boolean {
  return argv.some((arg, i) => arg === '--format=json' || (arg === '--format' && argv[i + 1] === 'json'));
}

/** The subcommand of `node messenger.js [global options] <command> …`. */
export function commandName(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (OPTIONS_WITH_VALUE.has(args[i]!)) i++;
    else if (!args[i]!.startsWith('-')) return args[i];
  }
  return undefined;
}

/**
 * With `--format json`, stdout must carry the command's JSON and nothing else, yet the
 * application code a command runs (handlers during `failed:retry`, a chatty bootstrap) still
 * calls console.log. For one-document commands the process's stdout is pointed at stderr and the
 * command keeps the real stdout for itself. `consume` streams events and leaves the application's
 * lines on stdout: readers of that stream take non-JSON lines as log lines.
 */
export function reserveStdoutForJson(argv: readonly string[]): Output | undefined {
  const command = commandName(argv);
  // The completion scripts read `_complete`'s stdout as suggestions: nothing else may land there either.
  if (command !== '_complete' && (!jsonRequested(argv) || command === 'consume')) return undefined;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return Object.create(process.stdout, { write: { value: write } }) as Output;
}
