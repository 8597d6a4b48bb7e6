import type { Command } from 'commander';
import type { Messenger } from '../../app/Messenger.js';
import type { Envelope } from '../../Envelope.js';
import { RuntimeException } from '../../errors/MessengerException.js';
import type { ListableReceiver } from '../../transport/Transport.js';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import type { SymfonyStyle } from '../console/SymfonyStyle.js';
import { describe, matchesClass, messageId } from '../failed/describeFailed.js';
import { displayMessage } from '../failed/displayMessage.js';
import { eachMessage } from '../failed/eachMessage.js';
import { failureTransport, listable } from '../failed/failureTransport.js';
import { JSON_FORMAT_VERSION, type FailedRemoveJson } from '../json/schema.js';
import { FAILED_MESSAGE_IDS, FAILURE_TRANSPORTS } from '../completion/appValues.js';
import { completes } from '../completion/Completions.js';
import { runCommand } from '../runCommand.js';

interface RemoveOptions {
  all?: boolean;
  force?: boolean;
  transport?: string;
  showMessages?: boolean;
  classFilter?: string;
  format: OutputFormat;
}

type Id = string | number;

/** `messenger failed:remove [id…]` (`messenger:failed:remove`). */
export function registerFailedRemoveCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('failed:remove')
    .alias('messenger:failed:remove')
    .description('Remove given messages from the failure transport')
    .argument('[id...]', 'specific message id(s) to remove')
    .option('--all', 'remove all failed messages from the transport')
    .option('--force', 'force the operation without confirmation')
    .option('--transport <name>', 'use a specific failure transport')
    .option('--show-messages', 'display messages before removing them (if multiple ids are given)')
    .option('--class-filter <class>', 'only messages of this class (without ids: every message of this class)')
    .option('--format <format>', 'txt or json', parseFormat, 'txt')
    .action(
      runCommand(context, async (ids: string[], options: RemoveOptions) =>
        context.withApplication((messenger) => remove(context, messenger, ids, options)),
      ),
    );
  completes(command, { arguments: [FAILED_MESSAGE_IDS], options: { transport: FAILURE_TRANSPORTS } });
}

async function remove(
  context: CommandContext,
  messenger: Messenger,
  ids: string[],
  options: RemoveOptions,
): Promise<number> {
  const failure = failureTransport(messenger, options.transport);
  const receiver = listable(failure, 'removing specific messages');
  const everything = options.all === true || (ids.length === 0 && options.classFilter !== undefined);
  if (!everything && ids.length === 0)
    throw new RuntimeException(
      'Please specify at least one message id. If you want to remove all failed messages, use the "--all" option.',
    );
  if (everything && ids.length > 0)
    throw new RuntimeException('You cannot specify message ids when using the "--all" option.');
  const json = options.format === 'json';
  const ask = !options.force;
  if (ask && (json || !context.prompter.isInteractive())) {
    throw new RuntimeException(
      'Removing messages without a terminal needs --force (there is nobody to ask for confirmation).',
    );
  }
  const io = json ? undefined : context.io();
  const display = io !== undefined && (options.showMessages === true || ids.length === 1);
  const result = { removed: [] as Id[], notFound: [] as Id[], kept: [] as Id[] };
  const show = (envelope: Envelope): void => {
    if (display)
      displayMessage(
        io!,
        describe(envelope, messenger.messageTypes, messenger.getSerializer(failure.name)),
        context.verbosity(),
      );
  };
  if (everything) await removeAll(context, messenger, receiver, options, result, show, io);
  else await removeByIds(context, messenger, receiver, ids, options, result, show, io);
  if (json)
    context.printJson({ version: JSON_FORMAT_VERSION, transport: failure.name, ...result } satisfies FailedRemoveJson);
  return result.notFound.length > 0 ? 1 : 0;
}

async function removeByIds(
  context: CommandContext,
  messenger: Messenger,
  receiver: ListableReceiver,
  ids: string[],
  options: RemoveOptions,
  result: { removed: Id[]; notFound: Id[]; kept: Id[] },
  show: (envelope: Envelope) => void,
  io: SymfonyStyle | undefined,
): Promise<void> {
  for (const id of ids) {
    const envelope = await receiver.find(id);
    if (
      envelope === undefined ||
      (options.classFilter !== undefined && !matchesClass(envelope, options.classFilter, messenger.messageTypes))
    ) {
      io?.error(
        `The message with id "${id}" was not found${options.classFilter === undefined ? '' : ` among the '${options.classFilter}' messages`}.`,
      );
      result.notFound.push(id);
      continue;
    }
    show(envelope);
    if (options.force || (await context.prompter.confirm('Do you want to permanently remove this message?', false))) {
      await receiver.reject(envelope);
      result.removed.push(messageId(envelope) ?? id);
      io?.success(`Message with id ${id} removed.`);
    } else {
      result.kept.push(id);
      io?.note(`Message with id ${id} not removed.`);
    }
  }
}

async function removeAll(
  context: CommandContext,
  messenger: Messenger,
  receiver: ListableReceiver,
  options: RemoveOptions,
  result: { removed: Id[]; notFound: Id[]; kept: Id[] },
  show: (envelope: Envelope) => void,
  io: SymfonyStyle | undefined,
): Promise<void> {
  const filter = options.classFilter;
  // Read a page at a time, keeping only ids (a message without one is kept whole): a large transport is never held in memory.
  const targets: Array<Envelope | Id> = [];
  for await (const envelope of eachMessage(receiver)) {
    if (filter === undefined || matchesClass(envelope, filter, messenger.messageTypes))
      targets.push(messageId(envelope) ?? envelope);
  }
  const what = filter === undefined ? 'all' : `all '${filter}'`;
  if (
    !options.force &&
    !(await context.prompter.confirm(`Do you want to permanently remove ${what} (${targets.length}) messages?`, false))
  ) {
    result.kept.push(...targets.map((t) => (typeof t === 'object' ? '' : t)));
    return;
  }
  for (const target of targets) {
    // Gone meanwhile (handled by a worker, removed by another command): nothing left to remove.
    const envelope = typeof target === 'object' ? target : await receiver.find(target);
    if (envelope === undefined) continue;
    show(envelope);
    await receiver.reject(envelope);
    result.removed.push(messageId(envelope) ?? '');
  }
  io?.note(`${result.removed.length} messages were removed.`);
}
