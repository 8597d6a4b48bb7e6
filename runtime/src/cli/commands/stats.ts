import type { Command } from 'commander';
import { isMessageCountAware } from '../../transport/Transport.js';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import { TRANSPORTS } from '../completion/appValues.js';
import { completes } from '../completion/Completions.js';
import { JSON_FORMAT_VERSION, type StatsJson } from '../json/schema.js';
import { runCommand } from '../runCommand.js';

/** `messenger stats [transport…]`: messages waiting per transport (`messenger:stats`). */
export function registerStatsCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('stats')
    .alias('messenger:stats')
    .description('Show the message count for one or more transports')
    .argument('[transports...]', 'names of the transports (default: all)')
    .option('--format <format>', 'txt or json', parseFormat, 'txt')
    .action(
      runCommand(context, async (names: string[], options: { format: OutputFormat }) =>
        context.withApplication(async (messenger) => {
          const result = {
            transports: [] as Array<{ name: string; count: number }>,
            uncountable: [] as string[],
            unknown: [] as string[],
          };
          for (const name of names.length > 0 ? names : messenger.transportNames()) {
            if (!messenger.transportNames().includes(name)) {
              result.unknown.push(name);
              continue;
            }
            const transport = messenger.getTransport(name);
            if (isMessageCountAware(transport))
              result.transports.push({ name, count: await transport.getMessageCount() });
            else result.uncountable.push(name);
          }
          if (options.format === 'json') {
            context.printJson({ version: JSON_FORMAT_VERSION, ...result } satisfies StatsJson);
            return 0;
          }
          const io = context.io();
          for (const name of result.unknown) io.warning(`The "${name}" transport does not exist.`);
          io.table(
            ['Transport', 'Count'],
            result.transports.map((t) => [t.name, String(t.count)]),
          );
          if (result.uncountable.length > 0)
            io.note(`Unable to get message count for the following transports: "${result.uncountable.join('", "')}".`);
          return 0;
        }),
      ),
    );
  completes(command, { arguments: [TRANSPORTS] });
}
