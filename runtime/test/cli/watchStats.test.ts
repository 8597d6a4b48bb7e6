// stats --watch's loop in this process, on in-memory transports: a document at once, another
// when a message arrives (the transport wakes it), a failing transport listed without stopping.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createMessenger, Envelope, type InMemoryTransport, type StatsJson } from '../../src/index.js';
import { watchStats } from '../../src/cli/stats/watchStats.js';
import { until, within } from '../support/deadline.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';

class Ping {}

it('prints at once, again on a change, and lists a transport that fails without stopping', async () => {
  const messenger = await createMessenger({
    projectDir: tempProject({
      'config/packages/messenger.yaml': messengerYaml(
        "transports:\n  async: 'in-memory://'\n  other: 'in-memory://'\n  sync: 'sync://'",
      ),
    }),
    messages: [Ping],
  });
  const other = messenger.getTransport('other') as InMemoryTransport;
  const documents: StatsJson[] = [];
  const stop = new AbortController();
  const watching = watchStats(messenger, [], {
    intervalMs: 50,
    minGapMs: 10,
    signal: stop.signal,
    print: (stats) => documents.push(stats),
  });
  try {
    await until(() => documents.length >= 1, 'the first document');
    assert.deepEqual(
      documents[0]!.transports.map((t) => [t.name, t.count]),
      [
        ['async', 0],
        ['other', 0],
      ],
    );
    assert.deepEqual(documents[0]!.uncountable, ['sync']);
    await messenger.getTransport('async').send(Envelope.wrap(new Ping()));
    await until(() => documents.some((d) => d.transports[0]?.count === 1), 'the message in a document');
    other.getQueueSnapshot = () => Promise.reject(new Error('connection refused'));
    await until(() => documents.some((d) => d.failing?.[0]?.name === 'other'), 'the failing transport listed');
    const last = documents.at(-1)!;
    assert.equal(last.failing?.[0]?.error, 'connection refused');
    assert.equal(last.transports.find((t) => t.name === 'other')?.count, 0, 'its last stats stay');
  } finally {
    stop.abort();
  }
  await within(watching, 10_000, 'watchStats to end once its signal aborted');
  await messenger.close();
});
