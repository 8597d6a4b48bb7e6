// failed:show's search (errors and body), --since, --sort newest and the matching count, and
// failed:retry's newId: where a message that failed again went back to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AsMessageHandler,
  createMessenger,
  Envelope,
  ErrorDetailsStamp,
  type FailedRetryJson,
  type FailedShowListJson,
  type FailedShowMessageJson,
  type InMemoryTransport,
  RedeliveryStamp,
  SentToFailureTransportStamp,
} from '../../src/index.js';
import { runCli } from '../support/runCli.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';

class Sms {
  constructor(
    readonly to: string,
    readonly text: string,
  ) {}
}

@AsMessageHandler(Sms)
class SmsHandler {
  __invoke(sms: Sms): void {
    throw new Error(`gateway refused ${sms.to}`);
  }
}

const HOUR = 3_600_000;

/** A failure transport with three messages that failed 3 hours, 2 hours and 5 minutes ago. */
async function app() {
  const messenger = await createMessenger({
    projectDir: tempProject({
      'config/packages/messenger.yaml': messengerYaml(
        "failure_transport: failed\ntransports:\n  failed: { dsn: 'in-memory://', retry_strategy: { max_retries: 3, delay: 0 } }",
      ),
    }),
    handlers: [SmsHandler],
  });
  const failed = messenger.getTransport('failed') as InMemoryTransport;
  const now = Date.now();
  const seed: Array<[string, string, string, number]> = [
    ['+331', 'Your parcel left', 'SMTP timeout', now - 3 * HOUR],
    ['+332', 'Your code is 4242', 'Quota exceeded for account', now - 2 * HOUR],
    ['+333', 'Your parcel arrived', 'Quota exceeded for account', now - 5 * 60_000],
  ];
  for (const [to, text, error, at] of seed)
    await failed.send(
      Envelope.wrap(new Sms(to, text), [
        new SentToFailureTransportStamp('async'),
        new RedeliveryStamp(0, new Date(at)),
        ErrorDetailsStamp.create(new Error(error)),
      ]),
    );
  return async () => messenger;
}

const list = async (application: () => Promise<unknown>, ...args: string[]): Promise<FailedShowListJson> => {
  const result = await runCli(['failed:show', ...args, '--format', 'json'], application as never);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  return JSON.parse(result.stdout) as FailedShowListJson;
};
const tos = (json: FailedShowListJson): string[] => json.messages.map((m) => m.error ?? '');

describe('failed:show finds failed messages as an operator looks for them', () => {
  it('--search looks in the errors and the body, ignoring case, and counts every match', async () => {
    const application = await app();
    const quota = await list(application, '--search', 'QUOTA');
    assert.equal(quota.matching, 2);
    assert.equal(quota.count, 3);
    assert.equal(quota.search, 'QUOTA');
    const parcel = await list(application, '--search', 'parcel', '--max', '1');
    assert.equal(parcel.messages.length, 1, '--max still limits the list');
    assert.equal(parcel.matching, 2, 'the body matched twice');
    assert.equal((await list(application)).matching, null, 'no filter, no matching count');
  });

  it('--since keeps what failed in the last hour; --sort newest puts the latest first', async () => {
    const application = await app();
    const lastHour = await list(application, '--since', '1h');
    assert.equal(lastHour.matching, 1);
    assert.deepEqual(tos(lastHour), ['Quota exceeded for account']);
    const newest = await list(application, '--sort', 'newest', '--max', '2');
    assert.equal(newest.sort, 'newest');
    assert.deepEqual(
      newest.messages.map((m) => m.failedAt),
      [...newest.messages.map((m) => m.failedAt)].sort().reverse(),
    );
    assert.equal(newest.messages.length, 2);
    assert.ok(Date.now() - Date.parse(newest.messages[0]!.failedAt!) < HOUR, 'the newest one comes first');
    const bad = await runCli(['failed:show', '--since', 'yesterday-ish', '--format', 'json'], application);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /Option \\"since\\" must be a duration/);
  });

  it('failed:retry says the new id of a message that failed again, which failed:show finds', async () => {
    const application = await app();
    const [first] = (await list(application)).messages;
    const retried = await runCli(['failed:retry', String(first!.id), '--force', '--format', 'json'], application);
    const [result] = (JSON.parse(retried.stdout) as FailedRetryJson).results;
    assert.equal(result?.result, 'failed');
    assert.equal(result?.willRetry, true);
    assert.ok(result?.newId !== null && result?.newId !== undefined && result.newId !== first!.id, `${result?.newId}`);
    const shown = await runCli(['failed:show', String(result.newId), '--format', 'json'], application);
    assert.equal((JSON.parse(shown.stdout) as FailedShowMessageJson).message.error, 'gateway refused +331');
  });
});
