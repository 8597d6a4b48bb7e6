import type { Command } from 'commander';
import type { Envelope } from '../../Envelope.js';
import { RuntimeException } from '../../errors/MessengerException.js';
import { FailedMessages, type MessageId } from '../../failed/FailedMessages.js';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import { FAILED_MESSAGE_IDS, FAILURE_TRANSPORTS } from '../completion/appValues.js';
import { completes } from '../completion/Completions.js';
import { ProgressBar } from '../console/ProgressBar.js';
import type { SymfonyStyle } from '../console/SymfonyStyle.js';
import { displayMessage } from '../failed/displayMessage.js';
import { type FailedRemoveJson, JSON_FORMAT_VERSION } from '../json/schema.js';
import { runCommand } from '../runCommand.js';

interface RemoveOptions {
  all?: boolean;
  force?: boolean;
  transport?: string;
  showMessages?: boolean;
  classFilter?: string;
  format: OutputFormat;
}

interface Outcome {
  readonly removed: MessageId[];
  readonly notFound: MessageId[];
  readonly kept: MessageId[];
}

/** How one run shows itself: message by message (one id, --show-messages, asking, or -v), or as a progress bar. */
interface Run {
  readonly context: CommandContext;
  readonly failed: FailedMessages;
  readonly options: RemoveOptions;
  readonly io: SymfonyStyle | undefined;
  /** Each message's details are shown (one id, --show-messages, or -v). */
  readonly display: boolean;
  /** Each message's outcome is said (shown or asked about); otherwise a progress bar and a summary. */
  readonly detailed: boolean;
  readonly outcome: Outcome;
}

/** `messenger failed:remove [id…]` (`messenger:failed:remove`), on FailedMessages. */
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
    .addHelpText('after', '\nMany messages show a progress bar (on a terminal) and a summary; -v shows each message.')
    .action(
      runCommand(context, async (ids: string[], options: RemoveOptions) =>
        context.withApplication((messenger) => remove(context, new FailedMessages(messenger, options), ids, options)),
      ),
    );
  completes(command, { arguments: [FAILED_MESSAGE_IDS], options: { transport: FAILURE_TRANSPORTS } });
}

async function remove(
  context: CommandContext,
  failed: FailedMessages,
  ids: string[],
  options: RemoveOptions,
): Promise<number> {
  const everything = options.all === true || (ids.length === 0 && options.classFilter !== undefined);
  if (!everything && ids.length === 0)
    throw new RuntimeException(
      'Please specify at least one message id. If you want to remove all failed messages, use the "--all" option.',
    );
  if (everything && ids.length > 0)
    throw new RuntimeException('You cannot specify message ids when using the "--all" option.');
  const json = options.format === 'json';
  if (!options.force && (json || !context.prompter.isInteractive())) {
    throw new RuntimeException(
      'Removing messages without a terminal needs --force (there is nobody to ask for confirmation).',
    );
  }
  const io = json ? undefined : context.io();
  const display = io !== undefined && (options.showMessages === true || ids.length === 1 || context.verbosity() >= 1);
  const run: Run = {
    context,
    failed,
    options,
    io,
    display,
    // Asked about each id: each answer is acknowledged.
    detailed: display || (!everything && !options.force),
    outcome: { removed: [], notFound: [], kept: [] },
  };
  if (everything) await removeAll(run);
  else await removeByIds(run, ids);
  if (json)
    context.printJson({
      version: JSON_FORMAT_VERSION,
      transport: failed.transportName,
      ...run.outcome,
    } satisfies FailedRemoveJson);
  return run.outcome.notFound.length > 0 ? 1 : 0;
}

async function removeByIds(run: Run, ids: readonly string[]): Promise<void> {
  const { io, options, outcome } = run;
  const filter = options.classFilter;
  const progress = progressBar(run, ids.length);
  for (const id of ids) {
    const envelope = await run.failed.find(id, { classFilter: filter });
    if (envelope === undefined) {
      outcome.notFound.push(id);
      if (run.detailed)
        io?.error(
          `The message with id "${id}" was not found${filter === undefined ? '' : ` among the '${filter}' messages`}.`,
        );
    } else {
      if (run.display) displayMessage(io!, run.failed.describe(envelope), run.context.verbosity());
      await removeOne(run, envelope, id);
    }
    progress?.advance();
  }
  progress?.finish();
  if (run.detailed || io === undefined) return;
  if (outcome.notFound.length > 0)
    io.error(
      `Not found${filter === undefined ? '' : ` among the '${filter}' messages`}: ${outcome.notFound.join(', ')}.`,
    );
  io.success(`${outcome.removed.length} message${outcome.removed.length === 1 ? '' : 's'} removed.`);
}

async function removeOne(run: Run, envelope: Envelope, id: string): Promise<void> {
  const { io, outcome } = run;
  if (
    run.options.force ||
    (await run.context.prompter.confirm('Do you want to permanently remove this message?', false))
  ) {
    outcome.removed.push((await run.failed.remove(envelope)).id ?? id);
    if (run.detailed) io?.success(`Message with id ${id} removed.`);
  } else {
    outcome.kept.push(id);
    io?.note(`Message with id ${id} not removed.`);
  }
}

async function removeAll(run: Run): Promise<void> {
  const { io, options, outcome } = run;
  const filter = options.classFilter;
  const targets = await run.failed.targets({ classFilter: filter });
  const what = filter === undefined ? 'all' : `all '${filter}'`;
  if (
    !options.force &&
    !(await run.context.prompter.confirm(
      `Do you want to permanently remove ${what} (${targets.length}) messages?`,
      false,
    ))
  ) {
    outcome.kept.push(...targets.map((t) => (typeof t === 'object' ? '' : t)));
    return;
  }
  const progress = progressBar(run, targets.length);
  for (const target of targets) {
    // Gone meanwhile (handled by a worker, removed by another command): nothing left to remove.
    const envelope = typeof target === 'object' ? target : await run.failed.find(target);
    if (envelope !== undefined) {
      if (run.display) displayMessage(io!, run.failed.describe(envelope), run.context.verbosity());
      outcome.removed.push((await run.failed.remove(envelope)).id ?? '');
    }
    progress?.advance();
  }
  progress?.finish();
  io?.note(`${outcome.removed.length} messages were removed.`);
}

/** A progress bar on the terminal's stderr when messages are not shown one by one. */
function progressBar(run: Run, total: number): ProgressBar | undefined {
  if (run.io === undefined || run.detailed || total < 2) return undefined;
  const bar = ProgressBar.on(run.context.errorOutput(), total);
  bar?.start();
  return bar;
}
