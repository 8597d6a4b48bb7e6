import type { Command } from 'commander';
import type { Messenger } from '../../app/Messenger.js';
import type { Envelope } from '../../Envelope.js';
import { RuntimeException } from '../../errors/MessengerException.js';
import { WorkerMessageFailedEvent, WorkerMessageHandledEvent } from '../../event/workerEvents.js';
import { ErrorDetailsStamp } from '../../stamp/ErrorDetailsStamp.js';
import { SingleMessageReceiver } from '../../transport/receiver/SingleMessageReceiver.js';
import { UndecodableMessage } from '../../transport/serialization/UndecodableMessage.js';
import { isMessageCountAware, type ListableReceiver } from '../../transport/Transport.js';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import { ConsoleLogger } from '../console/ConsoleLogger.js';
import type { SymfonyStyle } from '../console/SymfonyStyle.js';
import { describe, messageClass, messageId } from '../failed/describeFailed.js';
import { displayMessage } from '../failed/displayMessage.js';
import { eachMessage } from '../failed/eachMessage.js';
import {
  type FailureTransport,
  failureTransport,
  listable,
  pendingMessages,
  warnAboutOtherFailureTransports,
} from '../failed/failureTransport.js';
import { JSON_FORMAT_VERSION, type RetryResultJson } from '../json/schema.js';
import { FAILED_MESSAGE_IDS, FAILURE_TRANSPORTS } from '../completion/appValues.js';
import { completes } from '../completion/Completions.js';
import { runCommand } from '../runCommand.js';

interface RetryOptions {
  force?: boolean;
  all?: boolean;
  transport?: string;
  format: OutputFormat;
}

interface Run {
  readonly context: CommandContext;
  readonly messenger: Messenger;
  readonly failure: FailureTransport;
  readonly receiver: ListableReceiver;
  readonly io: SymfonyStyle | undefined;
  readonly ask: boolean;
}

/** `messenger failed:retry [id…]` (`messenger:failed:retry`). */
export function registerFailedRetryCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('failed:retry')
    .alias('messenger:failed:retry')
    .description('Retry one or more messages from the failure transport')
    .argument('[id...]', 'specific message id(s) to retry')
    .option('--force', 'force action without confirmation')
    .option('--all', 'retry every message of the failure transport')
    .option('--transport <name>', 'use a specific failure transport')
    .option('--format <format>', 'txt or json', parseFormat, 'txt')
    .addHelpText('after', '\nWithout ids, --all or --force, asks what to do with each message (in a terminal only).')
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
  const failure = failureTransport(messenger, options.transport);
  const receiver = listable(failure, 'retrying messages by id');
  const json = options.format === 'json';
  const interactive = !json && context.prompter.isInteractive();
  if (ids.length > 0 && options.all)
    throw new RuntimeException('You cannot specify message ids when using the "--all" option.');
  // Without a terminal nobody can be asked: ids, --all or --force say what to retry, and nothing waits for an answer.
  if (ids.length === 0 && !options.all && !options.force && !interactive) {
    throw new RuntimeException(
      'Message id must be passed when in non-interactive mode (or retry every message with --all or --force).',
    );
  }
  const io = json ? undefined : context.io();
  if (io !== undefined) await introduce(io, context, messenger, failure, receiver);
  const run: Run = { context, messenger, failure, receiver, io, ask: interactive && !options.force };
  const results: RetryResultJson[] = [];
  // A snapshot: a message that fails again goes back under a new id and is not retried twice in one run.
  const targets: Array<Envelope | string> = ids.length > 0 ? ids : await snapshot(receiver);
  for (const target of targets) results.push(await retryOne(run, target));
  const remaining = isMessageCountAware(receiver) ? await receiver.getMessageCount() : null;
  if (json) context.printJson({ version: JSON_FORMAT_VERSION, transport: failure.name, results, remaining });
  else if (results.length === 0) io!.success('No failed messages were found.');
  else io!.success(summary(results));
  return results.some((r) => r.result === 'not-found') ? 1 : 0;
}

async function introduce(
  io: SymfonyStyle,
  context: CommandContext,
  messenger: Messenger,
  failure: FailureTransport,
  receiver: ListableReceiver,
): Promise<void> {
  io.comment('Quit this command with CONTROL-C.');
  if (context.verbosity() < 2) io.comment('Re-run the command with a -vv option to see logs about consumed messages.');
  warnAboutOtherFailureTransports(io, messenger, failure);
  if (isMessageCountAware(receiver)) io.writeln(pendingMessages(io, await receiver.getMessageCount()));
  io.writeln(`To retry all the messages, run ${io.style('comment', `messenger consume ${failure.name}`)}`);
}

async function retryOne(run: Run, target: Envelope | string): Promise<RetryResultJson> {
  const envelope = typeof target === 'string' ? await run.receiver.find(target) : target;
  if (envelope === undefined) {
    run.io?.error(`The message "${String(target)}" was not found.`);
    return { id: String(target), class: '', result: 'not-found', error: null, willRetry: false };
  }
  const base = { id: messageId(envelope), class: messageClass(envelope, run.messenger.messageTypes) };
  if (run.io !== undefined)
    displayMessage(
      run.io,
      describe(envelope, run.messenger.messageTypes, run.messenger.getSerializer(run.failure.name)),
      run.context.verbosity(),
    );
  if (envelope.message instanceof UndecodableMessage) {
    run.io?.error(`The message with id "${String(base.id)}" could not be decoded: it can only be shown or removed.`);
    return { ...base, result: 'skipped', error: null, willRetry: false };
  }
  const action = run.ask
    ? await run.context.prompter.choice('Please select an action', ['retry', 'delete', 'skip'], 'retry')
    : 'retry';
  if (action === 'skip') return { ...base, result: 'skipped', error: null, willRetry: false };
  if (action === 'delete') {
    await run.receiver.reject(envelope);
    return { ...base, result: 'removed', error: null, willRetry: false };
  }
  return { ...base, ...(await handle(run, envelope)) };
}

/** Handles the message with a worker that receives only it, as if consumed from the failure transport. */
async function handle(run: Run, envelope: Envelope): Promise<Pick<RetryResultJson, 'result' | 'error' | 'willRetry'>> {
  const logger = run.io === undefined ? undefined : new ConsoleLogger(run.io.output, run.context.verbosity());
  const worker = run.messenger.createWorker({
    receivers: new Map([[run.failure.name, new SingleMessageReceiver(run.receiver, envelope)]]),
    limit: 1,
    stopOnRestartSignal: false,
    logger,
  });
  let outcome: Pick<RetryResultJson, 'result' | 'error' | 'willRetry'> = {
    result: 'skipped',
    error: null,
    willRetry: false,
  };
  worker.on(WorkerMessageHandledEvent, () => {
    outcome = { result: 'handled', error: null, willRetry: false };
  });
  worker.on(
    WorkerMessageFailedEvent,
    (event) => {
      const details = event.envelope.last(ErrorDetailsStamp) ?? ErrorDetailsStamp.create(event.error);
      outcome = {
        result: 'failed',
        error: { class: details.exceptionClass, message: details.exceptionMessage, code: details.exceptionCode },
        willRetry: event.willRetry(),
      };
    },
    -1000,
  );
  await worker.run({ sleep: 0 });
  return outcome;
}

function summary(results: readonly RetryResultJson[]): string {
  const count = (result: RetryResultJson['result']): number => results.filter((r) => r.result === result).length;
  const parts = [
    `${count('handled')} handled`,
    count('failed') > 0
      ? `${count('failed')} failed again (${results.filter((r) => r.willRetry).length} sent back to the failure transport for a later retry)`
      : '',
    count('removed') > 0 ? `${count('removed')} removed` : '',
    count('skipped') > 0 ? `${count('skipped')} skipped` : '',
    count('not-found') > 0 ? `${count('not-found')} not found` : '',
  ].filter((p) => p !== '');
  return `All done! ${parts.join(', ')}.`;
}

/**
 * The ids of every message, read a page at a time: each is loaded again when its turn comes, so
 * a large failure transport is never held in memory (a message without an id is kept whole).
 */
async function snapshot(receiver: ListableReceiver): Promise<Array<Envelope | string>> {
  const targets: Array<Envelope | string> = [];
  for await (const envelope of eachMessage(receiver)) {
    const id = messageId(envelope);
    targets.push(id === null ? envelope : String(id));
  }
  return targets;
}
