import type { Command } from 'commander';
import type { HandlerMapping } from '../../app/HandlerMapping.js';
import { InvalidArgumentException } from '../../errors/MessengerException.js';
import { type CommandContext, parseFormat } from '../CommandContext.js';
import { BUSES } from '../completion/appValues.js';
import { completes } from '../completion/Completions.js';
import type { SymfonyStyle } from '../console/SymfonyStyle.js';
import { type DebugJson, JSON_FORMAT_VERSION } from '../json/schema.js';
import { runCommand } from '../runCommand.js';

/** `messenger debug [bus]`: the messages each bus can dispatch and their handlers (`debug:messenger`). */
export function registerDebugCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('debug')
    .alias('debug:messenger')
    .description('List messages you can dispatch using the message buses')
    .argument('[bus]', 'only this bus')
    .option('--format <format>', 'txt or json', parseFormat, 'txt')
    .action(
      runCommand(context, async (bus: string | undefined, options: { format: 'txt' | 'json' }) => {
        return context.withApplication(async (messenger) => {
          const mapping = selectBus(messenger.handlerMapping(), bus);
          if (options.format === 'json')
            context.printJson({ version: JSON_FORMAT_VERSION, ...mapping } satisfies DebugJson);
          else printMapping(context.io(), mapping);
          return 0;
        });
      }),
    );
  completes(command, { arguments: [BUSES] });
}

function selectBus(mapping: HandlerMapping, bus: string | undefined): HandlerMapping {
  if (bus === undefined) return mapping;
  const selected = mapping.buses.filter((b) => b.name === bus);
  if (selected.length === 0) {
    throw new InvalidArgumentException(
      `Bus "${bus}" does not exist. Known buses are "${mapping.buses.map((b) => b.name).join('", "')}".`,
    );
  }
  return { buses: selected };
}

export function printMapping(io: SymfonyStyle, mapping: HandlerMapping): void {
  io.title('Messenger');
  for (const bus of mapping.buses) {
    io.section(bus.name);
    if (bus.messages.length === 0) {
      io.warning(`No handled message found in bus "${bus.name}".`);
      continue;
    }
    const rows: string[][] = [];
    for (const { message, handlers } of bus.messages) {
      rows.push([io.style('cyan', message)]);
      for (const { handler, options } of handlers)
        rows.push([`    handled by ${io.style('info', handler)}${conditions(options)}`]);
      rows.push(['']);
    }
    io.text('The following messages can be dispatched:');
    io.newLine();
    io.table([], rows);
  }
}

function conditions(options: Readonly<Record<string, string | number>>): string {
  const entries = Object.entries(options);
  return entries.length === 0 ? '' : ` (when ${entries.map(([k, v]) => `${k}=${v}`).join(', ')})`;
}
