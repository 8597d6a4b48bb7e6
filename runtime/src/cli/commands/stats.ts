import type { Command } from 'commander';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import { TRANSPORTS } from '../completion/appValues.js';
import { completes } from '../completion/Completions.js';
import { terminalSafeJson } from '../console/terminalSafe.js';
import { positiveNumber } from '../options.js';
import { runCommand } from '../runCommand.js';
import { collectStats } from '../stats/collectStats.js';
import { untilStopped } from '../stats/untilStopped.js';
import { watchStats } from '../stats/watchStats.js';

interface StatsOptions {
  format: OutputFormat;
  watch?: boolean;
  interval: string;
}

/** `messenger stats [transport…]`: messages waiting per transport (`messenger:stats`); `--watch` follows them. */
export function registerStatsCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('stats')
    .alias('messenger:stats')
    .description('Show the message count for one or more transports')
    .argument('[transports...]', 'names of the transports (default: all)')
    .option('--format <format>', 'txt or json', parseFormat, 'txt')
    .option('--watch', 'keep running: print the stats again each time they change (one JSON document a line)')
    .option('--interval <seconds>', 'with --watch: the longest a transport goes unlooked at', '2')
    .addHelpText(
      'after',
      '\nWith --watch, transports that can tell when they change (SQLite, PostgreSQL with use_notify) are looked at when they do; the others every --interval seconds. It stops on CONTROL-C or SIGTERM, and when the process that started it (with a pipe on standard input) goes away.',
    )
    .action(
      runCommand(context, async (names: string[], options: StatsOptions) =>
        context.withApplication(async (messenger) => {
          if (options.watch) {
            const intervalMs = positiveNumber('interval', options.interval) * 1000;
            await untilStopped((signal) =>
              watchStats(messenger, names, {
                intervalMs,
                minGapMs: 250,
                signal,
                print: (stats) =>
                  options.format === 'json'
                    ? context.stdout.write(`${terminalSafeJson(stats)}\n`)
                    : printTable(context, stats),
              }),
            );
            return 0;
          }
          const stats = await collectStats(messenger, names);
          if (options.format === 'json') context.printJson(stats);
          else printTable(context, stats);
          return 0;
        }),
      ),
    );
  completes(command, { arguments: [TRANSPORTS] });
}

function printTable(context: CommandContext, stats: Awaited<ReturnType<typeof collectStats>>): void {
  const io = context.io();
  for (const name of stats.unknown) io.warning(`The "${name}" transport does not exist.`);
  // Symfony's table; the oldest message and the consumers are in the JSON.
  io.table(
    ['Transport', 'Count'],
    stats.transports.map((t) => [t.name, String(t.count)]),
  );
  for (const failing of stats.failing ?? []) io.warning(`"${failing.name}": ${failing.error}`);
  if (stats.uncountable.length > 0)
    io.note(`Unable to get message count for the following transports: "${stats.uncountable.join('", "')}".`);
}
