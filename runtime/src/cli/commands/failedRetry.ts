import type { Command } from 'commander';
import type { Messenger } from '../../app/Messenger.js';
import { RuntimeException } from '../../errors/MessengerException.js';
import { type FailedMessageTarget, FailedMessages, type RetryResult } from '../../failed/FailedMessages.js';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import { FAILED_MESSAGE_IDS, FAILURE_TRANSPORTS } from '../completion/appValues.js';
import { completes } from '../completion/Completions.js';
import { ConsoleLogger } from '../console/ConsoleLogger.js';
import { ProgressBar } from '../console/ProgressBar.js';
import type { SymfonyStyle } from '../console/SymfonyStyle.js';
import { displayMessage } from '../failed/displayMessage.js';
import { pendingMessages, warnAboutOtherFailureTransports } from '../failed/transportNotice.js';
import { type FailedRetryJson, JSON_FORMAT_VERSION } from '../json/schema.js';
import { runCommand } from '../runCommand.js';

interface RetryOptions {
  force?: boolean;
  all?: boolean;
  requeue?: boolean;
  transport?: string;
  format: OutputFormat;
}

/** How one run shows itself: message by message (asking, one id, or -v), or as a progress bar and a summary. */
interface Run {
  readonly failed: FailedMessages;
  readonly io: SymfonyStyle | undefined;
  readonly detailed: boolean;
  readonly ask: boolean;
  readonly context: CommandContext;
}

/** `messenger failed:retry [id…]` (`messenger:failed:retry`), on FailedMessages. */
export function registerFailedRetryCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('failed:retry')
    .alias('messenger:failed:retry')
    .description('Retry one or more messages from the failure transport')
    .argument('[id...]', 'specific message id(s) to retry')
    .option('--force', 'force action without confirmation')
    .option('--all', 'retry every message of the failure transport, without asking')
    .option(
      '--requeue',
      'send the messages back to the transports they failed on, for their workers, instead of handling them here',
    )
    .option('--transport <name>', 'use a specific failure transport')
    .option('--format <format>', 'txt or json', parseFormat, 'txt')
    .addHelpText(
      'after',
      '\nWithout ids, --all or --force, asks what to do with each message (in a terminal only).' +
        '\nMany messages show a progress bar (on a terminal) and a summary; -v shows each message and its logs.' +
        '\n\nBy default each message is handled now, in this process, one at a time (as Symfony does): you see' +
        '\nat once whether it succeeds. With --requeue (ids, --all or --force; nothing is asked) the messages' +
        '\nare sent back to the transport each one failed on, in one bulk send per transport, and leave the' +
        '\nfailure transport: fast, but they are handled later, by the workers of those transports, with' +
        '\ntheir retry rules. A message that cannot go back (undecodable, its transport unknown, sync:// or' +
        '\nunavailable) is skipped, with the reason, and stays.',
    )
    .action(
      runCommand(context, async (ids: string[], options: RetryOptions) =>
        context.withApplication((messenger) => retry(context, messenger, ids, options)),
      ),
    );
  completes(command, { arguments: [FAILED_MESSAGE_IDS], options: { transport: FAILURE_TRANSPORTS } });
}

async function retry(
  context: CommandContext,
  messenger: Messenger,
  ids: string[],
  options: RetryOptions,
): Promise<number> {
  const failed = new FailedMessages(messenger, { transport: options.transport });
  const json = options.format === 'json';
  const interactive = !json && context.prompter.isInteractive();
  if (ids.length > 0 && options.all)
    throw new RuntimeException('You cannot specify message ids when using the "--all" option.');
  if (options.requeue) {
    // Nothing is asked: what to send back is said on the command line.
    if (ids.length === 0 && !options.all && !options.force)
      throw new RuntimeException('With --requeue, pass the message ids, or --all to send back every message.');
    return requeue(context, failed, ids, json);
  }
  // Without a terminal nobody can be asked: ids, --all or --force say what to retry, and nothing waits for an answer.
  if (ids.length === 0 && !options.all && !options.force && !interactive) {
    throw new RuntimeException(
      'Message id must be passed when in non-interactive mode (or retry every message with --all or --force).',
    );
  }
  const io = json ? undefined : context.io();
  if (io !== undefined) await introduce(io, context, messenger, failed, options.transport !== undefined);
  // --all means all: nothing is asked, as with --force.
  const ask = interactive && !options.force && !options.all;
  const detailed = io !== undefined && (ask || ids.length === 1 || context.verbosity() >= 1);
  const run: Run = { failed, io, detailed, ask, context };
  const targets: FailedMessageTarget[] = ids.length > 0 ? ids : await failed.targets();
  const progress = io !== undefined && !detailed ? ProgressBar.on(context.errorOutput(), targets.length) : undefined;
  progress?.start();
  const results: RetryResult[] = [];
  for (const target of targets) {
    results.push(await (detailed ? retryShowing(run, target) : failed.retry(target)));
    progress?.advance();
  }
  progress?.finish();
  return conclude(context, failed, results, io === undefined ? undefined : () => report(io, results, detailed));
}

/** `--requeue`: every message sent back to its transport in bulk, nothing handled or asked here. */
async function requeue(context: CommandContext, failed: FailedMessages, ids: string[], json: boolean): Promise<number> {
  const targets: FailedMessageTarget[] = ids.length > 0 ? ids : await failed.targets();
  const io = json ? undefined : context.io();
  const progress = io !== undefined ? ProgressBar.on(context.errorOutput(), targets.length) : undefined;
  progress?.start();
  const results = await failed.requeue(targets, { onResult: () => progress?.advance() });
  progress?.finish();
  return conclude(context, failed, results, io === undefined ? undefined : () => reportRequeue(io, results));
}

/** The results as JSON (with what remains), or the text report; 1 when an id was not found, as Symfony's command. */
async function conclude(
  context: CommandContext,
  failed: FailedMessages,
  results: readonly RetryResult[],
  reportText: (() => void) | undefined,
): Promise<number> {
  if (reportText !== undefined) reportText();
  else
    context.printJson({
      version: JSON_FORMAT_VERSION,
      transport: failed.transportName,
      results: [...results],
      remaining: await failed.count(),
    } satisfies FailedRetryJson);
  return results.some((r) => r.result === 'not-found') ? 1 : 0;
}

async function introduce(
  io: SymfonyStyle,
  context: CommandContext,
  messenger: Messenger,
  failed: FailedMessages,
  chosen: boolean,
): Promise<void> {
  io.comment('Quit this command with CONTROL-C.');
  if (context.verbosity() < 2) io.comment('Re-run the command with a -vv option to see logs about consumed messages.');
  warnAboutOtherFailureTransports(io, messenger, failed, chosen);
  const count = await failed.count();
  if (count !== null) io.writeln(pendingMessages(io, count));
  io.writeln(`To retry all the messages, run ${io.style('comment', `messenger consume ${failed.transportName}`)}`);
}

/** One message, shown before it is retried (and asked about, in a terminal), with the worker's log lines. */
async function retryShowing(run: Run, target: FailedMessageTarget): Promise<RetryResult> {
  const io = run.io!;
  const envelope = typeof target === 'object' ? target : await run.failed.find(target);
  if (envelope === undefined) {
    io.error(`The message "${String(target)}" was not found.`);
    return run.failed.retry(target);
  }
  const details = run.failed.describe(envelope);
  displayMessage(io, details, run.context.verbosity());
  const base = { id: details.id, class: details.class, error: null, willRetry: false, newId: null };
  if (!details.decodable) {
    io.error(`The message with id "${String(details.id)}" could not be decoded: it can only be shown or removed.`);
    return { ...base, result: 'skipped' };
  }
  const action = run.ask
    ? await run.context.prompter.choice('Please select an action', ['retry', 'delete', 'skip'], 'retry')
    : 'retry';
  if (action === 'skip') return { ...base, result: 'skipped' };
  if (action === 'delete') {
    await run.failed.remove(envelope);
    return { ...base, result: 'removed' };
  }
  return run.failed.retry(envelope, { logger: new ConsoleLogger(io.output, run.context.verbosity()) });
}

function report(io: SymfonyStyle, results: readonly RetryResult[], detailed: boolean, requeued = false): void {
  const notFound = results.filter((r) => r.result === 'not-found').map((r) => `"${String(r.id)}"`);
  // Shown one by one in detailed runs; here, once.
  if (!detailed && notFound.length > 0)
    io.error(
      `The message${notFound.length > 1 ? 's' : ''} ${notFound.join(', ')} ${notFound.length > 1 ? 'were' : 'was'} not found.`,
    );
  if (results.length === 0) io.success('No failed messages were found.');
  else io.success(summary(results, requeued));
}

/** The messages that stay, once per reason (a thousand of one class make one warning), then the summary. */
function reportRequeue(io: SymfonyStyle, results: readonly RetryResult[]): void {
  const byReason = new Map<string, string[]>();
  for (const r of results)
    if (r.result === 'skipped') byReason.set(r.reason ?? '', [...(byReason.get(r.reason ?? '') ?? []), String(r.id)]);
  for (const [reason, ids] of byReason) {
    const shown = ids
      .slice(0, 10)
      .map((id) => `"${id}"`)
      .join(', ');
    const more = ids.length > 10 ? ` and ${ids.length - 10} more` : '';
    io.warning(`Not sent back, left in the failure transport: ${shown}${more}. ${reason}`);
  }
  report(io, results, false, true);
}

function summary(results: readonly RetryResult[], requeued: boolean): string {
  const count = (result: RetryResult['result']): number => results.filter((r) => r.result === result).length;
  const parts = [
    requeued ? `${count('requeued')} sent back for the workers${perTransport(results)}` : `${count('handled')} handled`,
    count('failed') > 0
      ? `${count('failed')} failed again (${results.filter((r) => r.willRetry).length} sent back to the failure transport for a later retry)`
      : '',
    count('removed') > 0 ? `${count('removed')} removed` : '',
    count('skipped') > 0 ? `${count('skipped')} skipped` : '',
    count('not-found') > 0 ? `${count('not-found')} not found` : '',
  ].filter((p) => p !== '');
  return `All done! ${parts.join(', ')}.`;
}

/** ` (3 to "async", 1 to "priority")`: where requeued messages went. */
function perTransport(results: readonly RetryResult[]): string {
  const sent = new Map<string, number>();
  for (const r of results)
    if (r.result === 'requeued') sent.set(r.requeuedTo ?? '', (sent.get(r.requeuedTo ?? '') ?? 0) + 1);
  return sent.size === 0 ? '' : ` (${[...sent].map(([name, n]) => `${n} to "${name}"`).join(', ')})`;
}
