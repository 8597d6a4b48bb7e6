import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AsMessageHandler,
  createMessenger,
  Envelope,
  ErrorDetailsStamp,
  type FailedRemoveJson,
  type FailedRetryJson,
  type FailedShowListJson,
  type FailedShowStatsJson,
  type InMemoryTransport,
  SentToFailureTransportStamp,
} from '../../src/index.js';
import { runCli } from '../support/runCli.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';

class Job {
  constructor(readonly n: number) {}
}

@AsMessageHandler(Job)
class JobHandler {
  __invoke(_job: Job): void {}
}

/** An app whose failure transport holds `count` messages, and records how the commands list it. */
async function bigFailureTransport(count: number) {
  const messenger = await createMessenger({
    projectDir: tempProject({
      'config/packages/messenger.yaml': messengerYaml(
        "failure_transport: failed\ntransports:\n  failed: 'in-memory://'",
      ),
    }),
    handlers: [JobHandler],
  });
  const failed = messenger.getTransport('failed') as InMemoryTransport;
  for (let n = 0; n < count; n++) {
    await failed.send(
      Envelope.wrap(new Job(n), [
        new SentToFailureTransportStamp('async'),
        ErrorDetailsStamp.create(new Error(`job ${n} failed`)),
      ]),
    );
  }
  const listings: Array<[number | undefined, number | undefined]> = [];
  const all = failed.all.bind(failed);
  failed.all = (limit?: number, offset?: number) => {
    listings.push([limit, offset]);
    return all(limit, offset);
  };
  // The transport is in memory: every command gets this same messenger (closing it keeps the messages).
  return { failed, listings, application: async () => messenger };
}

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

describe('failed commands page through a large failure transport', () => {
  it('failed:show --stats and --class-filter read it 100 messages at a time (a filter counts every match)', async () => {
    const app = await bigFailureTransport(250);
    const stats = json<FailedShowStatsJson>(
      (await runCli(['failed:show', '--stats', '--format', 'json'], app.application)).stdout,
    );
    assert.deepEqual(stats.stats, [{ class: 'Job', count: 250 }]);
    assert.deepEqual(app.listings, [
      [100, 0],
      [100, 100],
      [100, 200],
    ]);

    app.listings.length = 0;
    const list = json<FailedShowListJson>(
      (await runCli(['failed:show', '--class-filter', 'Job', '--max', '120', '--format', 'json'], app.application))
        .stdout,
    );
    assert.equal(list.messages.length, 120);
    assert.equal(list.messages.at(-1)?.error, 'job 119 failed');
    assert.equal(list.matching, 250, 'the header counts what matches, not only what is listed');
    assert.deepEqual(app.listings, [
      [100, 0],
      [100, 100],
      [100, 200],
    ]);
  });

  it('failed:retry --force and failed:remove --all never load every message at once', async () => {
    const app = await bigFailureTransport(150);
    const retried = json<FailedRetryJson>(
      (await runCli(['failed:retry', '--force', '--format', 'json'], app.application)).stdout,
    );
    assert.equal(retried.results.filter((r) => r.result === 'handled').length, 150);
    assert.equal(retried.remaining, 0);
    assert.ok(app.listings.length >= 2 && app.listings.every(([limit]) => limit === 100), JSON.stringify(app.listings));

    const again = await bigFailureTransport(150);
    const removed = json<FailedRemoveJson>(
      (await runCli(['failed:remove', '--all', '--force', '--format', 'json'], again.application)).stdout,
    );
    assert.equal(removed.removed.length, 150);
    assert.equal(await again.failed.getMessageCount(), 0);
    assert.ok(
      again.listings.length >= 2 && again.listings.every(([limit]) => limit === 100),
      JSON.stringify(again.listings),
    );
  });

  it('the in-memory transport honours offset', async () => {
    const app = await bigFailureTransport(5);
    assert.deepEqual(
      (await app.failed.all(2, 3)).map((e) => (e.message as Job).n),
      [3, 4],
    );
    assert.deepEqual(
      (await app.failed.all(undefined, 4)).map((e) => (e.message as Job).n),
      [4],
    );
  });
});
