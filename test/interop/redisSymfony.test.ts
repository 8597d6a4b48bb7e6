// A Symfony Messenger 5.4 application (PHP, Debian's packages: see .ci/run) and a messenger-ts
// application share one Redis stream, in both directions, delayed messages included.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DelayStamp } from '@messenger-ts/runtime';
import { Redis } from 'ioredis';
import { consume, Greeting, greetingApp, interopName, php, symfonyWorker } from '../support/symfonyInterop.js';

const REDIS_URL = process.env['MESSENGER_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const redis = new Redis(REDIS_URL);
const streams: string[] = [];
after(async () => {
  for (const stream of streams) await redis.del(stream, `${stream}__queue`);
  await redis.quit();
});

function newStream(): string {
  const stream = interopName();
  streams.push(stream);
  return stream;
}

describe('Redis streams shared with a Symfony Messenger 5.4 application (PHP)', () => {
  it('our worker handles what Symfony dispatched, delayed messages included', async () => {
    const stream = newStream();
    php('dispatch', `${REDIS_URL}/${stream}`, 'later', '700');
    php('dispatch', `${REDIS_URL}/${stream}`, 'now');
    const handled: Greeting[] = [];
    const messenger = await greetingApp('redis', `${REDIS_URL}/${stream}`, handled);
    try {
      await consume(messenger, 'redis', () => handled.length === 2);
    } finally {
      await messenger.close();
    }
    assert.deepEqual(
      handled.map((g) => [g.constructor, g.text, g.from]),
      [
        [Greeting, 'now', 'symfony'],
        [Greeting, 'later', 'symfony'],
      ],
    );
  });

  it('Symfony’s worker handles what we dispatched, delayed messages included', async () => {
    const stream = newStream();
    const messenger = await greetingApp('redis', `${REDIS_URL}/${stream}`, []);
    try {
      await messenger.dispatch(new Greeting('later', 'node'), [new DelayStamp(700)]);
      await messenger.dispatch(new Greeting('now', 'node'));
    } finally {
      await messenger.close();
    }
    assert.deepEqual(await symfonyWorker(`${REDIS_URL}/${stream}`, 2), [
      { text: 'now', from: 'node' },
      { text: 'later', from: 'node' },
    ]);
    assert.equal(await redis.xlen(stream), 0, 'Symfony acknowledged and deleted both');
  });
});
