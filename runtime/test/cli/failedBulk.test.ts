import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AsMessageHandler,
  createMessenger,
  Envelope,
  ErrorDetailsStamp,
  type InMemoryTransport,
  SentToFailureTransportStamp,
  TransportMessageIdStamp,
} from '../../src/index.js';
import { runCli, ScriptedPrompter } from '../support/runCli.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';

class Job {
  constructor(readonly n: number) {}
}

/** An app whose failure transport holds `count` jobs; every third one fails again when retried. */
async function failedJobs(count: number) {
  const handled: number[] = [];
  @AsMessageHandler(Job)
  class JobHandler {
    __invoke(job: Job): void {
      if (job.n % 3 === 2) throw new Error(`job ${job.n} still fails`);
      handled.push(job.n);
    }
  }
  const messenger = await createMessenger({
    projectDir: tempProject({
      'config/packages/messenger.yaml': messengerYaml(
        "failure_transport: failed\ntransports:\n  failed: { dsn: 'in-memory://', retry_strategy: { max_retries: 0 } }",
      ),
    }),
    handlers: [JobHandler],
  });
  const failed = messenger.getTransport('failed') as InMemoryTransport;
  for (let n = 0; n < count; n++)
    await failed.send(
      Envelope.wrap(new Job(n), [
        new SentToFailureTransportStamp('async'),
        ErrorDetailsStamp.create(new Error(`job ${n} failed`)),
      ]),
    );
  // In memory: every command gets this same messenger (closing it keeps the messages).
  return { failed, handled, application: async () => messenger };
}

const lines = (text: string): number => text.split('\n').length;
/** The bar as Symfony draws it, redrawn in place with \r. */
const FULL_BAR = /\r\u001b\[2K 1000\/1000 \[=+\] 100%\n$/;

describe('bulk failed:retry and failed:remove: a progress bar and a summary, each message only with -v', () => {
  it('failed:retry --all in a terminal asks nothing: --all means all', async () => {
    const app = await failedJobs(3);
    const terminal = new ScriptedPrompter([], true);
    const result = await runCli(['failed:retry', '--all'], app.application, terminal);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(terminal.asked, []);
    assert.deepEqual(app.handled, [0, 1]);
    assert.match(result.stdout, /\[OK\] All done! 2 handled, 1 failed again \(0 sent back to the failure transport/);
  });

  it('retrying 1,000 messages prints a summary, with a progress bar on a terminal', async () => {
    const app = await failedJobs(1000);
    const result = await runCli(['failed:retry', '--all'], app.application, undefined, { terminal: true });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(app.handled.length, 667);
    assert.ok(lines(result.stdout) < 30, `${lines(result.stdout)} lines on stdout`);
    assert.doesNotMatch(result.stdout, /Failed Message Details/);
    assert.match(result.stdout, /\[OK\] All done! 667 handled, 333 failed again \(0 sent back/);
    assert.match(result.stderr, /^\r\u001b\[2K {4}0\/1000 \[>-{27}\] {3}0%/, 'the bar starts empty');
    assert.match(result.stderr, FULL_BAR, 'and ends full, on its own line');
  });

  it('without a terminal there is no bar, only the summary', async () => {
    const app = await failedJobs(30);
    const result = await runCli(['failed:retry', '--force'], app.application);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.ok(lines(result.stdout) < 30, `${lines(result.stdout)} lines on stdout`);
    assert.match(result.stdout, /All done! 20 handled, 10 failed again/);
  });

  it('-v shows each message and its log lines, and no bar', async () => {
    const app = await failedJobs(3);
    const result = await runCli(['failed:retry', '--all', '-v'], app.application, undefined, { terminal: true });
    assert.equal(result.code, 0, result.stderr);
    assert.equal((result.stdout.match(/Failed Message Details/g) ?? []).length, 3);
    assert.match(result.stdout, /CRITICAL +\[messenger\] Error thrown while handling message Job\./);
    assert.equal(result.stderr, '');
  });

  it('failed:remove --all --force of 1,000 messages: a bar and one note; -v shows each message', async () => {
    const app = await failedJobs(1000);
    const result = await runCli(['failed:remove', '--all', '--force'], app.application, undefined, { terminal: true });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(lines(result.stdout) < 10, `${lines(result.stdout)} lines on stdout`);
    assert.match(result.stdout, /\[NOTE\] 1000 messages were removed\./);
    assert.match(result.stderr, FULL_BAR);
    assert.equal(await app.failed.getMessageCount(), 0);
    const verbose = await failedJobs(2);
    const shown = await runCli(['failed:remove', '--all', '--force', '-v'], verbose.application);
    assert.equal((shown.stdout.match(/Failed Message Details/g) ?? []).length, 2);
  });

  it('failed:remove <ids…> --force: one summary line, the ids not found named once', async () => {
    const app = await failedJobs(40);
    const ids = (await app.failed.all()).map((e) => String(e.last(TransportMessageIdStamp)!.id));
    const result = await runCli(['failed:remove', ...ids, 'nope', '--force'], app.application);
    assert.equal(result.code, 1, 'an id was not found');
    assert.doesNotMatch(result.stdout, /Message with id/);
    assert.match(result.stdout, /\[OK\] 40 messages removed\./);
    assert.match(result.stdout, /\[ERROR\] Not found: nope\./);
    assert.ok(lines(result.stdout) < 15, `${lines(result.stdout)} lines on stdout`);
  });
});
