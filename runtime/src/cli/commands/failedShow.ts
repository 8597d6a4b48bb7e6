import type { Command } from 'commander';
import { InvalidArgumentException, RuntimeException } from '../../errors/MessengerException.js';
import { type FailedMessageStats, FailedMessages } from '../../failed/FailedMessages.js';
import { type FailedQuery, parseSince } from '../../failed/failedQuery.js';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import { FAILED_MESSAGE_IDS, FAILURE_TRANSPORTS } from '../completion/appValues.js';
import { completes } from '../completion/Completions.js';
import type { SymfonyStyle } from '../console/SymfonyStyle.js';
import { displayMessage, shortDate } from '../failed/displayMessage.js';
import { pendingMessages, warnAboutOtherFailureTransports } from '../failed/transportNotice.js';
import { type FailedShowJson, JSON_FORMAT_VERSION } from '../json/schema.js';
import { positiveInteger } from '../options.js';
import { runCommand } from '../runCommand.js';

interface ShowOptions {
  max: string;
  transport?: string;
  stats?: boolean;
  classFilter?: string;
  search?: string;
  since?: string;
  sort: string;
  format: OutputFormat;
}

/** `messenger failed:show [id]` (`messenger:failed:show`), on FailedMessages. */
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
    .option('--search <text>', 'only messages whose errors or body contain this text (ignoring case)')
    .option('--since <when>', 'only messages that failed since then: a duration back from now (15m, 1h, 2d) or a date')
    .option('--sort <order>', 'oldest (first, the default) or newest', 'oldest')
    .option('--format <format>', 'txt or json', parseFormat, 'txt')
    .action(
      runCommand(context, async (id: string | undefined, options: ShowOptions) =>
        context.withApplication(async (messenger) => {
          const failed = new FailedMessages(messenger, { transport: options.transport });
          const max = positiveInteger('max', options.max);
          const query = queryOf(options);
          if (options.format === 'json') {
            context.printJson(await showJson(failed, id, options, query, max));
            return 0;
          }
          const io = context.io();
          warnAboutOtherFailureTransports(io, messenger, failed, options.transport !== undefined);
          const count = await failed.count();
          if (count !== null) io.writeln(pendingMessages(io, count));
          if (options.stats) printStats(io, await failed.stats());
          else if (id === undefined) await printList(io, failed, max, query);
          else await printOne(io, context, failed, id);
          return 0;
        }),
      ),
    );
  completes(command, { arguments: [FAILED_MESSAGE_IDS], options: { transport: FAILURE_TRANSPORTS } });
}

function queryOf(options: ShowOptions): FailedQuery {
  if (options.sort !== 'oldest' && options.sort !== 'newest')
    throw new InvalidArgumentException(`Option "sort" must be oldest or newest, "${options.sort}" given.`);
  return {
    classFilter: options.classFilter,
    search: options.search,
    since: options.since === undefined ? undefined : parseSince(options.since),
    sort: options.sort,
  };
}

async function showJson(
  failed: FailedMessages,
  id: string | undefined,
  options: ShowOptions,
  query: FailedQuery,
  max: number,
): Promise<FailedShowJson> {
  const transport = failed.transportName;
  if (id !== undefined) return { version: JSON_FORMAT_VERSION, transport, message: await showOrFail(failed, id) };
  const count = await failed.count();
  if (options.stats) return { version: JSON_FORMAT_VERSION, transport, count, stats: await failed.stats() };
  return {
    version: JSON_FORMAT_VERSION,
    transport,
    count,
    classFilter: options.classFilter ?? null,
    max,
    ...(await failed.query({ ...query, max })),
    search: query.search ?? null,
    since: query.since?.toISOString() ?? null,
    sort: query.sort ?? 'oldest',
  };
}

async function printList(io: SymfonyStyle, failed: FailedMessages, max: number, query: FailedQuery): Promise<void> {
  const { classFilter } = query;
  if (classFilter !== undefined) io.comment(`Displaying only '${classFilter}' messages`);
  if (query.search) io.comment(`Displaying only messages whose errors or body contain '${query.search}'`);
  if (query.since) io.comment(`Displaying only messages that failed since ${query.since.toISOString()}`);
  const { messages, matching } = await failed.query({ ...query, max });
  const rows = messages.map((summary) => [
    String(summary.id ?? ''),
    summary.decodable ? summary.class : `${summary.class} (undecodable)`,
    shortDate(summary.failedAt),
    summary.error ?? '',
  ]);
  if (rows.length === 0) {
    io.success('No failed messages were found.');
    return;
  }
  io.table(['Id', 'Class', 'Failed at', 'Error'], rows);
  const which = query.sort === 'newest' ? 'newest' : 'first';
  if (matching !== null && matching > rows.length)
    io.comment(`Showing ${which} ${max} of ${matching} matching messages.`);
  else if (rows.length === max) io.comment(`Showing ${which} ${max} messages.`);
  else if (matching !== null) io.comment(`Showing ${rows.length} message(s).`);
  io.comment(
    `Run ${io.style('comment', `messenger failed:show {id} --transport=${failed.transportName} -vv`)} to see message details.`,
  );
}

async function printOne(io: SymfonyStyle, context: CommandContext, failed: FailedMessages, id: string): Promise<void> {
  displayMessage(io, await showOrFail(failed, id), context.verbosity());
  io.newLine();
  const transport = failed.transportName;
  io.writeln(
    ` Run ${io.style('comment', `messenger failed:retry ${id} --transport=${transport}`)} to retry this message.`,
  );
  io.writeln(` Run ${io.style('comment', `messenger failed:remove ${id} --transport=${transport}`)} to delete it.`);
}

function printStats(io: SymfonyStyle, stats: FailedMessageStats): void {
  if (stats.length === 0) io.success('No failed messages were found.');
  else
    io.table(
      ['Class', 'Count'],
      stats.map((s) => [s.class, String(s.count)]),
    );
}

async function showOrFail(failed: FailedMessages, id: string) {
  const details = await failed.show(id);
  if (details === undefined) throw new RuntimeException(`The message "${id}" was not found.`);
  return details;
}
