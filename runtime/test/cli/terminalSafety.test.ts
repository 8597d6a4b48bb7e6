import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AsMessageHandler, type DoctrineTransport, type Messenger, type WorkerEventJson } from '../../src/index.js';
import { sqliteDatabase, type TestDatabase } from '../support/databases.js';
import { runCli } from '../support/runCli.js';
import { messengerOn } from '../support/workerApp.js';

class Email {
  constructor(readonly to: string) {}
}

const YAML = `
failure_transport: failed
transports:
  async: { dsn: %dsn(async)%, retry_strategy: { max_retries: 1, delay: 10, jitter: 0 } }
  failed: %dsn(failed)%
routing:
  Email: async`;

/** What a hostile message carries: a window title (OSC … BEL), a screen wipe, colors, C1 CSI, \r, a bidi override. */
const HOSTILE = '\u001b]0;owned\u0007\u001b[2J\u001b[31mred\u001b[0m\u009b31mc1\rforged\u202etxt';
/** Any control character or bidi control that could act on a terminal (\n is the only one left). */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** With colors on, only the console's own color codes remain. */
const ESCAPE_OTHER_THAN_OUR_COLORS = /\u001b(?!\[[0-9;]+m)/;

describe('anything from a message reaches the terminal harmlessly (logs, errors, tables)', () => {
  const databases: TestDatabase[] = [];
  after(async () => {
    for (const d of databases) await d.cleanup();
  });

  const app = async (): Promise<{ db: TestDatabase; application: () => Promise<Messenger> }> => {
    const db = sqliteDatabase();
    databases.push(db);
    @AsMessageHandler(Email)
    class EmailHandler {
      __invoke(email: Email): void {
        throw new Error(`mailbox ${email.to} does not exist`);
      }
    }
    return { db, application: () => messengerOn(db, YAML, { handlers: [EmailHandler] }) };
  };

  it('a row whose type header holds escape sequences: the CRITICAL line of a plain consume shows it cleaned', async () => {
    const { db, application } = await app();
    const messenger = await application();
    await (messenger.getTransport('async') as DoctrineTransport).setup();
    await messenger.close();
    for (const colors of [[], ['--ansi']]) {
      await db.query(
        `INSERT INTO ${db.table} (body, headers, queue_name, created_at, available_at) VALUES (?, ?, 'async', '2020-01-01 00:00:00', '2020-01-01 00:00:00')`,
        ['{}', JSON.stringify({ type: `App\\${HOSTILE}` })],
      );
      const result = await runCli(['consume', 'async', '--limit', '1', '--sleep', '0.05', ...colors], application);
      assert.equal(result.code, 0, result.stderr);
      if (colors.length === 0) {
        assert.match(
          result.stdout,
          /CRITICAL +\[messenger\] Error thrown while handling message .*Error: "Message type "App\\redc1forgedtxt" is not registered/,
        );
        assert.doesNotMatch(result.stdout, UNSAFE);
      } else {
        assert.match(result.stdout, /CRITICAL.*App\\redc1forgedtxt/);
        assert.match(result.stdout, /\u001b\[31m/, 'colors are on');
        assert.doesNotMatch(result.stdout.replace(/\u001b\[[0-9;]+m/g, ''), UNSAFE);
        assert.doesNotMatch(result.stdout, ESCAPE_OTHER_THAN_OUR_COLORS);
        assert.doesNotMatch(result.stdout, /owned/, 'the window title never reaches the terminal');
      }
    }
  });

  it('a handler error that quotes the message: WARNING and CRITICAL lines, -vv and -vvv lines, failed:retry, all cleaned', async () => {
    const { application } = await app();
    const messenger = await application();
    await messenger.dispatch(new Email(`x${HOSTILE}`));
    await messenger.close();
    const consumed = await runCli(['consume', 'async', '--limit', '2', '--sleep', '0.05', '-vvv'], application);
    assert.equal(consumed.code, 0, consumed.stderr);
    assert.match(
      consumed.stdout,
      /WARNING +\[messenger\] .*Error: "Handling "Email" failed: mailbox xredc1forgedtxt does/,
    );
    assert.match(consumed.stdout, /CRITICAL +\[messenger\] .*mailbox xredc1forgedtxt does not exist/);
    assert.doesNotMatch(consumed.stdout, UNSAFE);
    const completed = await runCli(['_complete', '--shell=fish', '--line=messenger failed:show '], application);
    assert.match(completed.stdout, /^\d+\tEmail: mailbox xredc1 ?forgedtxt does not exist\n$/, 'shell completion too');
    const retried = await runCli(['failed:retry', '--all', '-vv'], application);
    assert.equal(retried.code, 0, retried.stderr);
    assert.match(retried.stdout, /mailbox xredc1forgedtxt does not exist/);
    assert.doesNotMatch(retried.stdout + retried.stderr, UNSAFE);
  });

  it('JSON keeps the data exact, with what a terminal acts on escaped as \\uXXXX', async () => {
    const { application } = await app();
    const messenger = await application();
    await messenger.dispatch(new Email(`x${HOSTILE}`));
    await messenger.close();
    const result = await runCli(
      ['consume', 'async', '--limit', '1', '--sleep', '0.05', '--format', 'json'],
      application,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout, UNSAFE);
    const failed = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as WorkerEventJson)
      .find((event) => event.event === 'failed');
    assert.ok(failed?.event === 'failed');
    assert.equal(failed.error.message, `mailbox x${HOSTILE} does not exist`);
    assert.doesNotMatch(result.stderr, UNSAFE, 'the log lines, on stderr in JSON mode');
  });
});
