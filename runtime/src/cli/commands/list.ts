import type { Command } from 'commander';
import { InvalidArgumentException } from '../../errors/MessengerException.js';
import type { SymfonyStyle } from '../console/SymfonyStyle.js';
import type { CommandContext } from '../CommandContext.js';
import { runCommand } from '../runCommand.js';

type Entry = readonly [name: string, description: string];

/**
 * `messenger list [namespace]`, also what `messenger` alone runs, as with `bin/console`: the
 * version, usage, global options and the commands, grouped by namespace (`failed:*`).
 */
export function registerListCommand(program: Command, context: CommandContext, version: string): void {
  program
    .command('list', { isDefault: true })
    .description('List commands')
    .argument('[namespace]', 'only the commands of this namespace (e.g. failed)')
    .action(
      runCommand(context, async (namespace: string | undefined) => {
        const io = context.io();
        const commands: Entry[] = [
          ...program.commands.filter((c) => !c.name().startsWith('_')).map((c): Entry => [c.name(), c.description()]),
          ['help', 'Display help for a command'],
        ];
        const width = Math.max(...commands.map(([name]) => name.length)) + 2;
        const groups = byNamespace(commands);
        if (namespace !== undefined && !groups.has(namespace))
          throw new InvalidArgumentException(`There are no commands defined in the "${namespace}" namespace.`);
        io.writeln(`${program.name()} ${io.style('info', version)}`);
        io.newLine();
        io.writeln(io.style('comment', 'Usage:'));
        io.writeln(`  ${program.name()} <command> [options] [arguments]`);
        io.newLine();
        io.writeln(io.style('comment', 'Options:'));
        printEntries(io, [
          ['-h, --help', 'display help for the given command (or this list)'],
          ...program.options.filter((o) => !o.hidden).map((o): Entry => [o.flags, o.description]),
        ]);
        io.newLine();
        io.writeln(
          io.style(
            'comment',
            namespace === undefined ? 'Available commands:' : `Available commands for the "${namespace}" namespace:`,
          ),
        );
        for (const [group, entries] of groups) {
          if (namespace !== undefined && group !== namespace) continue;
          if (group !== '') io.writeln(io.style('comment', ` ${group}`));
          printEntries(io, entries, width);
        }
        return 0;
      }),
    );
}

function printEntries(io: SymfonyStyle, entries: readonly Entry[], width?: number): void {
  const column = width ?? Math.max(...entries.map(([name]) => name.length)) + 2;
  for (const [name, description] of entries) io.writeln(`  ${io.style('info', name.padEnd(column))}${description}`);
}

/** Commands without a namespace first, then each namespace (the part before `:`), in name order. */
function byNamespace(entries: readonly Entry[]): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>([['', []]]);
  for (const entry of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
    const group = entry[0].includes(':') ? entry[0].slice(0, entry[0].indexOf(':')) : '';
    groups.set(group, [...(groups.get(group) ?? []), entry]);
  }
  return groups;
}
