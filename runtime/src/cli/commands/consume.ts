import type { Command } from 'commander';
import type { Messenger } from '../../app/Messenger.js';
import { InvalidArgumentException, RuntimeException } from '../../errors/MessengerException.js';
import { parseMemoryLimit } from '../../listener/StopWorkerOnMemoryLimitListener.js';
import type { Worker, WorkerRunOptions } from '../../worker/Worker.js';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import { BUSES, RECEIVERS } from '../completion/appValues.js';
import { completes } from '../completion/Completions.js';
import { ConsoleLogger } from '../console/ConsoleLogger.js';
import { ConsoleOutput } from '../console/ConsoleOutput.js';
import { EventStreamLogger } from '../consume/EventStreamLogger.js';
import { JsonEventStream } from '../consume/JsonEventStream.js';
import { MessageDebugLog } from '../consume/MessageDebugLog.js';
import { positiveInteger, positiveNumber } from '../options.js';
import { runCommand } from '../runCommand.js';

interface ConsumeOptions {
  limit?: string;
  failureLimit?: string;
  memoryLimit?: string;
  timeLimit?: string;
  sleep: string;
  bus?: string;
  queues: string[];
  reset: boolean;
  all?: boolean;
  keepalive?: string | true;
  fetchSize: string;
  concurrency: string;
  format: OutputFormat;
}

/** Seconds between keepalive requests when `--keepalive` is given without a value, as in Symfony. */
const DEFAULT_KEEPALIVE_INTERVAL = 5;

/** `messenger consume <receiver…>`: runs a worker (`messenger:consume`). */
export function registerConsumeCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('consume')
    .alias('messenger:consume')
    .description('Consume messages')
    .argument('[receivers...]', 'names of the receivers/transports to consume, in order of priority')
    .option('-l, --limit <count>', 'limit the number of received messages')
    .option('-f, --failure-limit <count>', 'the number of failed messages the worker can consume')
    .option('-m, --memory-limit <size>', 'the memory limit the worker can consume (e.g. 128M)')
    .option('-t, --time-limit <seconds>', 'the time limit in seconds the worker can handle new messages')
    .option('--sleep <seconds>', 'seconds to sleep before asking for new messages after no messages were found', '1')
    .option(
      '-b, --bus <name>',
      'name of the bus to which received messages should be dispatched (by default, the one they were sent from)',
    )
    .option(
      '--queues <name>',
      'limit receivers to only consume from the specified queues (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--no-reset', 'do not reset services after each message')
    .option('--all', 'consume messages from all receivers')
    .option(
      '--keepalive [seconds]',
      `tell the transport every this many seconds (default ${DEFAULT_KEEPALIVE_INTERVAL}) that a long-running message is still being handled, so it is not redelivered to another worker`,
    )
    .option(
      '--fetch-size <count>',
      'how many messages to take from the transport at once (they are protected from other workers until handled; those not started when the worker stops are released)',
      '1',
    )
    .option(
      '--concurrency <count>',
      'how many messages to handle at once in this process (async handlers overlap; at least this many are taken at once)',
      '1',
    )
    .option('--format <format>', 'txt, or json: one JSON object per line for each worker event', parseFormat, 'txt')
    .addHelpText(
      'after',
      '\nStop a running worker gracefully with CONTROL-C or SIGTERM (the messages being handled are finished first; those taken and not started are released), or with `messenger stop-workers`.',
    )
    .action(
      runCommand(context, async (receivers: string[], options: ConsumeOptions) =>
        context.withApplication((messenger) => consume(context, messenger, receivers, options)),
      ),
    );
  completes(command, { arguments: [RECEIVERS], options: { bus: BUSES } });
}

async function consume(
  context: CommandContext,
  messenger: Messenger,
  requested: string[],
  options: ConsumeOptions,
): Promise<number> {
  const json = options.format === 'json';
  const io = context.io();
  const names = await receiverNames(context, messenger, requested, options);
  const stopsWhen: string[] = [];
  const limit = options.limit === undefined ? undefined : positiveInteger('limit', options.limit);
  const failureLimit =
    options.failureLimit === undefined ? undefined : positiveInteger('failure-limit', options.failureLimit);
  const memoryLimit = options.memoryLimit === undefined ? undefined : parseMemoryLimit(options.memoryLimit);
  const timeLimit = options.timeLimit === undefined ? undefined : positiveNumber('time-limit', options.timeLimit);
  const sleep = Number(options.sleep);
  if (!(sleep >= 0))
    throw new InvalidArgumentException(`Option "sleep" must be a number of seconds >= 0, "${options.sleep}" given.`);
  const keepalive =
    options.keepalive === undefined
      ? undefined
      : options.keepalive === true
        ? DEFAULT_KEEPALIVE_INTERVAL
        : positiveNumber('keepalive', options.keepalive);
  const fetchSize = positiveInteger('fetch-size', options.fetchSize);
  const concurrency = positiveInteger('concurrency', options.concurrency);
  if (limit !== undefined) stopsWhen.push(`processed ${limit} messages`);
  if (failureLimit !== undefined) stopsWhen.push(`reached ${failureLimit} failed messages`);
  if (memoryLimit !== undefined) stopsWhen.push(`exceeded ${options.memoryLimit} of memory`);
  if (timeLimit !== undefined) stopsWhen.push(`been running for ${timeLimit}s`);
  stopsWhen.push('received a stop signal via the messenger stop-workers command');

  const logger = json
    ? new EventStreamLogger(new ConsoleLogger(new ConsoleOutput(context.stderr, { ansi: false }), context.verbosity()))
    : new ConsoleLogger(io.output, context.verbosity());
  const worker = messenger.createWorker({
    receivers: names,
    bus: options.bus,
    limit,
    failureLimit,
    memoryLimit,
    timeLimit,
    reset: options.reset,
    logger,
  });
  if (context.verbosity() >= 3) worker.eventDispatcher.addSubscriber(new MessageDebugLog(logger));
  if (json) {
    worker.eventDispatcher.addSubscriber(
      new JsonEventStream(worker, messenger.messageTypes, stopsWhen, context.stdout, memoryLimit ?? null),
    );
  } else {
    io.success(`Consuming messages from transport${names.length > 1 ? 's' : ''} "${names.join(', ')}".`);
    const last = stopsWhen.pop()!;
    io.comment(
      `The worker will automatically exit once it has ${stopsWhen.length > 0 ? `${stopsWhen.join(', ')} or ` : ''}${last}.`,
    );
    io.comment('Quit the worker with CONTROL-C.');
    if (context.verbosity() < 1)
      io.comment('Re-run the command with a -vv option to see logs about consumed messages.');
  }
  await runUntilStopped(worker, messenger.config.stopWorkerOnSignals, {
    sleep: sleep * 1000,
    queues: options.queues,
    keepalive,
    fetchSize,
    concurrency,
  });
  return 0;
}

/**
 * Runs the worker; a stop signal (`stop_worker_on_signals`, by default SIGTERM and SIGINT) stops
 * it after the current message, and a second one exits at once.
 */
async function runUntilStopped(
  worker: Worker,
  stopSignals: readonly NodeJS.Signals[],
  options: WorkerRunOptions,
): Promise<void> {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (++signals > 1) process.exit(130);
    worker.stop(`received ${signal}`);
  };
  for (const signal of stopSignals) process.on(signal, onSignal);
  try {
    await worker.run(options);
  } finally {
    for (const signal of stopSignals) process.off(signal, onSignal);
  }
}

async function receiverNames(
  context: CommandContext,
  messenger: Messenger,
  requested: string[],
  options: ConsumeOptions,
): Promise<string[]> {
  const available = messenger.receiverNames();
  if (options.all) return available;
  let names = requested;
  if (names.length === 0) {
    if (available.length === 1) names = available;
    else if (options.format === 'txt' && context.prompter.isInteractive() && available.length > 0)
      names = [await context.prompter.choice('Select receivers to consume:', available, available[0]!)];
    else
      throw new RuntimeException(
        `Please pass at least one receiver. Valid receivers are: ${available.join(', ') || 'none'}.`,
      );
  }
  // As in Symfony, sync transports have nothing to consume and are left out.
  const kept = names.filter((name) => available.includes(name) || !messenger.transportNames().includes(name));
  for (const name of kept) messenger.getReceiver(name);
  if (kept.length === 0)
    throw new RuntimeException(
      `Nothing to consume: ${names.join(', ')} ${names.length > 1 ? 'are' : 'is a'} sync transport${names.length > 1 ? 's' : ''}.`,
    );
  return kept;
}
