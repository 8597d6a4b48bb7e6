import type { Command } from 'commander';
import { RuntimeException } from '../../errors/MessengerException.js';
import { isSetupableTransport } from '../../transport/Transport.js';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import { TRANSPORTS } from '../completion/appValues.js';
import { completes } from '../completion/Completions.js';
import { JSON_FORMAT_VERSION, type SetupTransportsJson } from '../json/schema.js';
import { runCommand } from '../runCommand.js';

/** `messenger setup-transports [transport]`: creates tables, queues… ahead of time (`messenger:setup-transports`). */
export function registerSetupTransportsCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('setup-transports')
    .alias('messenger:setup-transports')
    .description('Prepare the required infrastructure for the transport')
    .argument('[transport]', 'name of the transport to set up (default: all)')
    .option('--format <format>', 'txt or json', parseFormat, 'txt')
    .action(
      runCommand(context, async (only: string | undefined, options: { format: OutputFormat }) =>
        context.withApplication(async (messenger) => {
          if (only !== undefined && !messenger.transportNames().includes(only))
            throw new RuntimeException(`The "${only}" transport does not exist.`);
          const io = options.format === 'json' ? undefined : context.io();
          const results: Array<SetupTransportsJson['transports'][number]> = [];
          for (const name of only === undefined ? messenger.transportNames() : [only]) {
            const transport = messenger.getTransport(name);
            if (!isSetupableTransport(transport)) {
              io?.note(`The "${name}" transport does not support setup.`);
              results.push({ name, result: 'not-supported' });
              continue;
            }
            try {
              await transport.setup();
            } catch (error) {
              throw new RuntimeException(
                `An error occurred while setting up the "${name}" transport: ${(error as Error).message}`,
                { cause: error },
              );
            }
            io?.success(`The "${name}" transport was set up successfully.`);
            results.push({ name, result: 'set-up' });
          }
          if (io === undefined)
            context.printJson({ version: JSON_FORMAT_VERSION, transports: results } satisfies SetupTransportsJson);
          return 0;
        }),
      ),
    );
  completes(command, { arguments: [TRANSPORTS] });
}
