import type { Command } from 'commander';
import type { Messenger } from '../../app/Messenger.js';
import type { Envelope } from '../../Envelope.js';
import { RuntimeException } from '../../errors/MessengerException.js';
import { isMessageCountAware, type ListableReceiver } from '../../transport/Transport.js';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import type { SymfonyStyle } from '../console/SymfonyStyle.js';
import { describe, matchesClass, messageClass, summarize } from '../failed/describeFailed.js';
import { displayMessage, shortDate } from '../failed/displayMessage.js';
import { eachMessage } from '../failed/eachMessage.js';
import {
  type FailureTransport,
  failureTransport,
  listable,
  pendingMessages,
  warnAboutOtherFailureTransports,
} from '../failed/failureTransport.js';
import {
  JSON_FORMAT_VERSION,
  type FailedShowListJson,
  type FailedShowMessageJson,
  type FailedShowStatsJson,
} from '../json/schema.js';
import { positiveInteger } from '../options.js';
import { FAILED_MESSAGE_IDS, FAILURE_TRANSPORTS } from '../completion/appValues.js';
import { completes } from '../completion/Completions.js';
import { runCommand } from '../runCommand.js';

interface ShowOptions {
  max: string;
  transport?: string;
  stats?: boolean;
  classFilter?: string;
  format: OutputFormat;
}

/** `messenger failed:show [id]` (`messenger:failed:show`). */
export function registerFailedShowCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('failed:show')
    .alias('messenger:failed:show')
    .description('Show one or more messages from the failure transport')
    .argument('[id]', 'specific message id to show')
    .option('--max <count>', 'maximum number of messages to list', '50')
    .option('--transport <name>', 'use a specific failure transport')
    .option('--stats', 'display the message count by class')
    .option('--class-filter <class>', 'only messages of this class')
    .option('--format <format>', 'txt or json', parseFormat, 'txt')
    .action(
      runCommand(context, async (id: string | undefined, options: ShowOptions) =>
        context.withApplication(async (messenger) => {
          const failure = failureTransport(messenger, options.transport);
          const receiver = listable(failure, 'listing or showing specific messages');
          const max = positiveInteger('max', options.max);
          const count = isMessageCountAware(receiver) ? await receiver.getMessageCount() : null;
          if (options.format === 'json') {
            context.printJson(await showJson(messenger, failure, receiver, id, options, max, count));
            return 0;
          }
          const io = context.io();
          warnAboutOtherFailureTransports(io, messenger, failure);
          if (count !== null) io.writeln(pendingMessages(io, count));
          if (options.stats) printStats(io, await countByClass(messenger, receiver));
          else if (id === undefined) await printList(io, messenger, failure, receiver, max, options.classFilter);
          else await printOne(io, context, messenger, failure, receiver, id);
          return 0;
        }),
      ),
    );
  completes(command, { arguments: [FAILED_MESSAGE_IDS], options: { transport: FAILURE_TRANSPORTS } });
}

async function showJson(
  messenger: Messenger,
  failure: FailureTransport,
  receiver: ListableReceiver,
  id: string | undefined,
  options: ShowOptions,
  max: number,
  count: number | null,
): Promise<FailedShowListJson | FailedShowStatsJson | FailedShowMessageJson> {
  const transport = failure.name;
  if (options.stats)
    return { version: JSON_FORMAT_VERSION, transport, count, stats: await countByClass(messenger, receiver) };
  if (id !== undefined)
    return {
      version: JSON_FORMAT_VERSION,
      transport,
      message: describe(await findOrFail(receiver, id), messenger.messageTypes, messenger.getSerializer(transport)),
    };
  const envelopes = await listed(messenger, receiver, max, options.classFilter);
  return {
    version: JSON_FORMAT_VERSION,
    transport,
    count,
    classFilter: options.classFilter ?? null,
    max,
    messages: envelopes.map((e) => summarize(e, messenger.messageTypes)),
  };
}

/** The first `max` messages (of `classFilter`, which is applied before the limit). */
async function listed(messenger: Messenger, receiver: ListableReceiver, max: number, classFilter: string | undefined) {
  if (classFilter === undefined) return receiver.all(max);
  const matching: Envelope[] = [];
  for await (const envelope of eachMessage(receiver)) {
    if (!matchesClass(envelope, classFilter, messenger.messageTypes)) continue;
    matching.push(envelope);
    if (matching.length === max) break;
  }
  return matching;
}

async function printList(
  io: SymfonyStyle,
  messenger: Messenger,
  failure: FailureTransport,
  receiver: ListableReceiver,
  max: number,
  classFilter: string | undefined,
): Promise<void> {
  if (classFilter !== undefined) io.comment(`Displaying only '${classFilter}' messages`);
  const rows = (await listed(messenger, receiver, max, classFilter)).map((envelope) => {
    const summary = summarize(envelope, messenger.messageTypes);
    return [
      String(summary.id ?? ''),
      summary.decodable ? summary.class : `${summary.class} (undecodable)`,
      shortDate(summary.failedAt),
      summary.error ?? '',
    ];
  });
  if (rows.length === 0) {
    io.success('No failed messages were found.');
    return;
  }
  io.table(['Id', 'Class', 'Failed at', 'Error'], rows);
  if (rows.length === max) io.comment(`Showing first ${max} messages.`);
  else if (classFilter !== undefined) io.comment(`Showing ${rows.length} message(s).`);
  io.comment(
    `Run ${io.style('comment', `messenger failed:show {id} --transport=${failure.name} -vv`)} to see message details.`,
  );
}

async function printOne(
  io: SymfonyStyle,
  context: CommandContext,
  messenger: Messenger,
  failure: FailureTransport,
  receiver: ListableReceiver,
  id: string,
): Promise<void> {
  const envelope = await findOrFail(receiver, id);
  displayMessage(
    io,
    describe(envelope, messenger.messageTypes, messenger.getSerializer(failure.name)),
    context.verbosity(),
  );
  io.newLine();
  io.writeln(
    ` Run ${io.style('comment', `messenger failed:retry ${id} --transport=${failure.name}`)} to retry this message.`,
  );
  io.writeln(` Run ${io.style('comment', `messenger failed:remove ${id} --transport=${failure.name}`)} to delete it.`);
}

function printStats(io: SymfonyStyle, stats: ReadonlyArray<{ class: string; count: number }>): void {
  if (stats.length === 0) io.success('No failed messages were found.');
  else
    io.table(
      ['Class', 'Count'],
      stats.map((s) => [s.class, String(s.count)]),
    );
}

/** Every message is counted (Symfony counts only the first --max). */
async function countByClass(
  messenger: Messenger,
  receiver: ListableReceiver,
): Promise<Array<{ class: string; count: number }>> {
  const counts = new Map<string, number>();
  for await (const envelope of eachMessage(receiver)) {
    const name = messageClass(envelope, messenger.messageTypes);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => ({ class: name, count }));
}

async function findOrFail(receiver: ListableReceiver, id: string) {
  const envelope = await receiver.find(id);
  if (envelope === undefined) throw new RuntimeException(`The message "${id}" was not found.`);
  return envelope;
}
