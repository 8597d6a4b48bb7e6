import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import {
  AsMessageHandler,
  type DoctrineTransport,
  Envelope,
  type JsonError,
  type Messenger,
  restartSignalFile,
  type SetupTransportsJson,
  type StatsJson,
  type StopWorkersJson,
  type WorkerEventJson,
} from '../../src/index.js';
import { sqliteDatabase, type TestDatabase } from '../support/databases.js';
import { runCli } from '../support/runCli.js';
import { messengerOn } from '../support/workerApp.js';

class Email {
  constructor(readonly to: string) {}
}

const YAML = `
failure_transport: failed
transports:
  async: { dsn: %dsn(async)%, retry_strategy: { max_retries: 1, delay: 100, jitter: 0 } }
  urgent: %dsn(urgent)%
  failed: %dsn(failed)%
  sync: 'sync://'
buses:
  command.bus: ~
  mail.bus: ~
routing:
  Email: async`;

describe('messenger consume (in this process, on SQLite)', () => {
  const databases: TestDatabase[] = [];
  after(async () => {
    for (const d of databases) await d.cleanup();
  });

  /** An app whose handler fails for addresses starting with "bad"; `handled` records `bus:to`. */
  const app = async (): Promise<{
    application: () => Promise<Messenger>;
    handled: string[];
    send: (...to: string[]) => Promise<void>;
  }> => {
    const db = sqliteDatabase();
    databases.push(db);
    const handled: string[] = [];
    @AsMessageHandler(Email)
    class EmailHandler {
      __invoke(email: Email): void {
        handled.push(email.to);
        if (email.to.startsWith('bad')) throw new Error(`mailbox ${email.to} does not exist`);
      }
    }
    const application = (): Promise<Messenger> => messengerOn(db, YAML, { handlers: [EmailHandler] });
    const send = async (...to: string[]): Promise<void> => {
      const messenger = await application();
      for (const address of to) await messenger.dispatch(new Email(address));
      await messenger.close();
    };
    return { application, handled, send };
  };

  it('--limit stops after that many messages, and says so', async () => {
    const { application, handled, send } = await app();
    await send('a', 'b', 'c');
    const result = await runCli(['consume', 'async', '--limit', '2', '--sleep', '0.05'], application);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(handled, ['a', 'b']);
    assert.match(result.stdout, /\[OK\] Consuming messages from transport "async"\./);
    assert.match(
      result.stdout,
      /\/\/ The worker will automatically exit once it has processed 2 messages or received a stop signal via the messenger stop-workers command\./,
    );
    assert.match(result.stdout, /\/\/ Re-run the command with a -vv option to see logs about consumed messages\./);
  });

  it('--failure-limit stops after that many failures; --time-limit after that many seconds', async () => {
    const { application, handled, send } = await app();
    await send('bad-1', 'ok-1');
    const failures = await runCli(['consume', 'async', '--failure-limit', '1', '--sleep', '0.05'], application);
    assert.equal(failures.code, 0, failures.stderr);
    assert.deepEqual(handled, ['bad-1']);
    assert.match(
      failures.stdout,
      /WARNING +\[messenger\] Error thrown while handling message Email\. Sending for retry #1 using 100 ms delay\. Error: "Handling "Email" failed: mailbox bad-1 does not exist"/,
    );
    const timed = await runCli(['consume', 'async', '--time-limit', '1', '--sleep', '0.05', '-vv'], application);
    assert.equal(timed.code, 0);
    assert.match(timed.stdout, /INFO +\[messenger\] Worker stopped due to time limit of 1s exceeded/);
    assert.deepEqual(handled.slice(1).sort(), ['bad-1', 'ok-1'], 'meanwhile it handled the rest, and the retry');
  });

  it('--keepalive takes seconds (default 5) and refuses anything else', async () => {
    const { application, handled, send } = await app();
    await send('a');
    const bad = await runCli(['consume', 'async', '--keepalive=often', '--limit', '1'], application);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout + bad.stderr, /Option "keepalive" must be a positive number, "often" given\./);
    const ok = await runCli(['consume', 'async', '--keepalive', '--limit', '1', '--sleep', '0.05'], application);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(handled, ['a']);
  });

  it('--fetch-size and --concurrency take whole numbers above 0; with them, every message is handled once', async () => {
    const { application, handled, send } = await app();
    for (const to of ['a', 'b', 'c', 'd', 'e']) await send(to);
    for (const [option, value] of [
      ['--fetch-size', '0'],
      ['--concurrency', 'many'],
    ] as const) {
      const bad = await runCli(['consume', 'async', option, value, '--limit', '1'], application);
      assert.equal(bad.code, 1);
      assert.match(
        bad.stdout + bad.stderr,
        new RegExp(`Option "${option.slice(2)}" must be a positive integer, "${value}" given\\.`),
      );
    }
    assert.deepEqual(handled, [], 'refused before handling anything');
    const ok = await runCli(
      ['consume', 'async', '--fetch-size', '3', '--concurrency', '2', '--limit', '5', '--sleep', '0.05'],
      application,
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual([...handled].sort(), ['a', 'b', 'c', 'd', 'e']);
  });

  it('refuses at start a --keepalive interval that is not shorter than redeliver_timeout, handling nothing', async () => {
    const db = sqliteDatabase();
    databases.push(db);
    const handled: string[] = [];
    @AsMessageHandler(Email)
    class EmailHandler {
      __invoke(email: Email): void {
        handled.push(email.to);
      }
    }
    const yaml = 'transports:\n  async: %dsn(async, redeliver_timeout=3)%\nrouting:\n  Email: async';
    const application = (): Promise<Messenger> => messengerOn(db, yaml, { handlers: [EmailHandler] });
    const sender = await application();
    await sender.dispatch(new Email('a'));
    await sender.close();
    for (const keepalive of ['--keepalive=5', '--keepalive=3']) {
      const result = await runCli(['consume', 'async', keepalive, '--limit', '1', '--sleep', '0.05'], application);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /Transport "async": The keepalive interval \([35] s\) must be shorter than redeliver_timeout \(3 s\)/,
      );
      const json = await runCli(['consume', 'async', keepalive, '--limit', '1', '--format', 'json'], application);
      assert.equal(json.code, 1);
      assert.match((JSON.parse(json.stdout.trim().split('\n').pop()!) as JsonError).error.message, /redeliver_timeout/);
    }
    assert.deepEqual(handled, [], 'the worker did not start');
    const ok = await runCli(['consume', 'async', '--keepalive=2', '--limit', '1', '--sleep', '0.05'], application);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(handled, ['a']);
  });

  it('--format json streams one event per line, with counts and uptime', async () => {
    const { application, send } = await app();
    await send('ok', 'bad');
    const result = await runCli(
      ['consume', 'async', 'urgent', '--limit', '3', '--sleep', '0.05', '--format', 'json'],
      application,
    );
    assert.equal(result.code, 0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as WorkerEventJson);
    assert.deepEqual(
      events.map((e) => e.event),
      ['started', 'received', 'handled', 'received', 'failed', 'retried', 'idle', 'received', 'failed', 'stopped'],
    );
    const [started, , handled, , failed, retried] = events;
    assert.ok(
      started!.event === 'started' && started.pid === process.pid && started.transports.join() === 'async,urgent',
    );
    assert.ok(
      handled!.event === 'handled' &&
        handled.message.class === 'Email' &&
        handled.message.transport === 'async' &&
        handled.handlers[0] === 'EmailHandler::__invoke',
    );
    assert.ok(
      failed!.event === 'failed' &&
        failed.willRetry &&
        failed.error.message === 'mailbox bad does not exist' &&
        failed.error.class === 'Error',
    );
    assert.ok(retried!.event === 'retried' && retried.retryCount === 1 && retried.delayMs === 100);
    const last = events.at(-1)!;
    assert.ok(last.event === 'stopped' && last.reason === 'processed 3 messages');
    assert.deepEqual([last.received, last.handled, last.failed, last.retried], [3, 1, 2, 1]);
    assert.ok(
      events.every((e) => e.version === 1 && typeof e.uptimeMs === 'number' && !Number.isNaN(Date.parse(e.at))),
    );
    // What an operator's view needs: memory (against --memory-limit) and how long each message waited.
    assert.ok(events.every((e) => typeof e.memoryBytes === 'number' && e.memoryBytes > 0));
    assert.ok(started!.event === 'started' && started.memoryLimitBytes === null);
    assert.ok(events.every((e) => e.event !== 'received' || (typeof e.waitMs === 'number' && e.waitMs >= 0)));
    // The failure and its retry are events: the log does not say them again on stderr.
    assert.doesNotMatch(result.stderr, /Error thrown while handling message/);
  });

  it('-vv logs each message; --bus dispatches on the bus given; --all consumes every receiver but sync', async () => {
    const { application, handled, send } = await app();
    await send('x');
    const messenger = await application();
    await messenger.getTransport('urgent').send(Envelope.wrap(new Email('y')));
    await messenger.close();
    const result = await runCli(
      ['consume', '--all', '--limit', '2', '--bus', 'mail.bus', '-vv', '--sleep', '0.05'],
      application,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Consuming messages from transports "async, urgent, failed"\./);
    assert.match(result.stdout, /INFO +\[messenger\] Received message Email/);
    assert.match(result.stdout, /INFO +\[messenger\] Email was handled successfully \(acknowledging to transport\)\./);
    assert.deepEqual(handled.sort(), ['x', 'y']);
  });

  it("-vvv adds each message's stamps and timings at debug level, which -vv does not show", async () => {
    const { application, send } = await app();
    await send('ok', 'bad');
    const debug = await runCli(['consume', 'async', '--limit', '2', '--sleep', '0.05', '-vvv'], application);
    assert.equal(debug.code, 0, debug.stderr);
    assert.match(debug.stdout, /DEBUG +\[messenger\] Received Email \(id \d+\) from "async"\n {2}class: Email\n/);
    const handled =
      /DEBUG +\[messenger\] Email \(id \d+\) handled by EmailHandler::__invoke in [\d.]+ ms\n((?: {2}.*\n)+)/.exec(
        debug.stdout,
      );
    assert.ok(handled !== null, debug.stdout);
    const context = handled[1]!;
    assert.match(context, /^ {2}received_at: \d{4}-\d\d-\d\dT[\d:.]+Z$/m);
    assert.match(context, /^ {2}duration_ms: [\d.]+$/m);
    assert.match(context, /^ {2}stamps:\n(?: {4}.*\n)+/m);
    assert.match(context, /^ {4}HandledStamp \{"result":null,"handlerName":"EmailHandler::__invoke"\}$/m);
    assert.match(context, /^ {4}ReceivedStamp \{"transportName":"async"\}$/m);
    assert.match(context, /^ {4}TransportMessageIdStamp \{"id":/m);
    assert.match(context, /^ {4}BusNameStamp \{"busName":/m);
    assert.match(
      debug.stdout,
      /DEBUG +\[messenger\] Email \(id \d+\) failed after [\d.]+ ms: .*mailbox bad does not exist/,
    );
    await send('ok-2');
    const info = await runCli(['consume', 'async', '--limit', '1', '--sleep', '0.05', '-vv'], application);
    assert.match(info.stdout, /INFO +\[messenger\] Received message Email/);
    assert.doesNotMatch(info.stdout, /DEBUG|stamps:/);
  });

  it('consumes only the queues asked for (--queues), and reports a bad receiver clearly, as JSON too', async () => {
    const { application, handled } = await app();
    const messenger = await application();
    await messenger.getTransport('urgent').send(Envelope.wrap(new Email('urgent-1')));
    await messenger.dispatch(new Email('async-1'));
    await messenger.close();
    const queues = await runCli(
      ['consume', 'urgent', '--queues', 'async', '--limit', '1', '--sleep', '0.05'],
      application,
    );
    assert.equal(queues.code, 0, queues.stderr);
    assert.deepEqual(handled, ['async-1']);
    const unknown = await runCli(['consume', 'asnyc', '--format', 'json'], application);
    assert.equal(unknown.code, 1);
    assert.deepEqual(JSON.parse(unknown.stdout) as JsonError, {
      version: 1,
      error: {
        class: 'InvalidArgumentException',
        message: 'The receiver "asnyc" does not exist. Valid receivers are: async, urgent, failed.',
      },
    });
    const sync = await runCli(['consume', 'sync'], application);
    assert.match(sync.stderr, /Nothing to consume: sync is a sync transport\./);
    const none = await runCli(['consume'], application);
    assert.match(none.stderr, /Please pass at least one receiver\. Valid receivers are: async, urgent, failed\./);
    const usage = await runCli(['consume', 'async', '--format', 'json', '--nope'], application);
    assert.equal(usage.code, 1);
    assert.equal((JSON.parse(usage.stdout) as JsonError).error.class, 'UsageError');
  });
});

describe('messenger stats, setup-transports, stop-workers', () => {
  const db = sqliteDatabase();
  after(() => db.cleanup());
  const application = (): Promise<Messenger> =>
    messengerOn(
      db,
      `
transports:
  async: %dsn(async, auto_setup=false)%
  other: %dsn(other, auto_setup=false)%
  sync: 'sync://'`,
      { messages: [Email] },
    );

  it('setup-transports creates what the transports need; stats counts queued messages per transport', async () => {
    const setup = await runCli(['setup-transports'], application);
    assert.equal(setup.code, 0, setup.stderr);
    assert.match(setup.stdout, /\[OK\] The "async" transport was set up successfully\./);
    assert.match(setup.stdout, /\[NOTE\] The "sync" transport does not support setup\./);
    const one = JSON.parse(
      (await runCli(['setup-transports', 'other', '--format', 'json'], application)).stdout,
    ) as SetupTransportsJson;
    assert.deepEqual(one.transports, [{ name: 'other', result: 'set-up' }]);
    const messenger = await application();
    await messenger.getTransport('async').send(Envelope.wrap(new Email('a')));
    await messenger.getTransport('async').send(Envelope.wrap(new Email('b')));
    await (messenger.getTransport('other') as DoctrineTransport).send(Envelope.wrap(new Email('c')));
    await messenger.close();
    const stats = await runCli(['stats'], application);
    assert.match(stats.stdout, / Transport +Count +\n[\s\S]* async +2 +\n {2}other +1 +\n/);
    assert.match(stats.stdout, /Unable to get message count for the following transports: "sync"\./);
    const some = JSON.parse(
      (await runCli(['stats', 'other', 'nope', '--format', 'json'], application)).stdout,
    ) as StatsJson;
    assert.ok(!Number.isNaN(Date.parse(some.at ?? '')), `at: ${some.at}`);
    const [other] = some.transports;
    assert.ok(!Number.isNaN(Date.parse(other?.oldestAvailableAt ?? '')), `oldest: ${other?.oldestAvailableAt}`);
    assert.deepEqual(
      { ...some, at: undefined, transports: [{ ...other, oldestAvailableAt: undefined, revision: undefined }] },
      {
        version: 1,
        transports: [{ name: 'other', count: 1, consumers: null, oldestAvailableAt: undefined, revision: undefined }],
        uncountable: [],
        unknown: ['nope'],
        at: undefined,
      },
    );
  });

  it("stop-workers writes the request time in the project's var/ directory", async () => {
    const before = Date.now();
    const result = JSON.parse(
      (await runCli(['stop-workers', '--format', 'json'], application)).stdout,
    ) as StopWorkersJson;
    assert.equal(result.signalFile, restartSignalFile(db.projectDir));
    assert.ok(existsSync(result.signalFile));
    assert.ok(Number(readFileSync(result.signalFile, 'utf8')) >= before);
    const text = await runCli(['stop-workers'], application);
    assert.match(text.stdout, /\[OK\] Signal successfully sent to stop any running workers\./);
  });
});
