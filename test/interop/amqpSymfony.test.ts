// A Symfony Messenger 5.4 application (PHP, Debian's packages php-amqp and
// php-symfony-amqp-messenger: see test/setup) and a messenger-ts application share one RabbitMQ
// exchange, its queue and its delay queues, in both directions.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DelayStamp } from '@messenger-ts/runtime';
import { connect } from 'amqplib';
import { consume, Greeting, greetingApp, interopName, php, symfonyWorker } from '../support/symfonyInterop.js';

const AMQP_URL = process.env['MESSENGER_TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

const client = await connect(AMQP_URL);
const exchanges: string[] = [];
after(async () => {
  const channel = await client.createChannel();
  for (const exchange of exchanges) {
    for (const queue of [exchange, `delay_${exchange}__700_delay`]) await channel.deleteQueue(queue);
    await channel.deleteExchange(exchange);
  }
  await client.close();
});

/** An exchange (and its queue) of its own; delays go through Symfony's default "delays" exchange, shared. */
function newExchange(): { exchange: string; dsn: string } {
  const exchange = interopName();
  exchanges.push(exchange);
  return { exchange, dsn: `${AMQP_URL}/%2f/${exchange}` };
}

const texts = (greetings: readonly Greeting[]): string[][] =>
  greetings.map((g) => [g.constructor.name, g.text, String(g.from)]);

describe('a RabbitMQ exchange shared with a Symfony Messenger 5.4 application (PHP)', () => {
  it('our worker handles what Symfony dispatched, delayed messages included, on the topology Symfony declared', async () => {
    const { dsn } = newExchange();
    php('dispatch', dsn, 'later', '700');
    php('dispatch', dsn, 'now');
    const handled: Greeting[] = [];
    const messenger = await greetingApp('amqp', dsn, handled);
    try {
      // Declares the same exchange, queue and delay queue again: RabbitMQ refuses any difference.
      await messenger.dispatch(new Greeting('ours, later', 'node'), [new DelayStamp(700)]);
      await consume(messenger, 'amqp', () => handled.length === 3);
    } finally {
      await messenger.close();
    }
    assert.deepEqual(texts(handled.slice(0, 1)), [['Greeting', 'now', 'symfony']]);
    assert.deepEqual(texts(handled.slice(1)).sort(), [
      ['Greeting', 'later', 'symfony'],
      ['Greeting', 'ours, later', 'node'],
    ]);
  });

  it('Symfony’s worker handles what we dispatched, delayed messages included', async () => {
    const { dsn } = newExchange();
    const messenger = await greetingApp('amqp', dsn, []);
    try {
      await messenger.dispatch(new Greeting('later', 'node'), [new DelayStamp(700)]);
      await messenger.dispatch(new Greeting('now', 'node'));
    } finally {
      await messenger.close();
    }
    // Symfony declares our exchange, queue and delay queue again as it dispatches one delayed message too.
    php('dispatch', dsn, 'theirs, later', '700');
    const received = await symfonyWorker(dsn, 3);
    assert.deepEqual(received[0], { text: 'now', from: 'node' });
    assert.deepEqual(
      received.slice(1).map((r) => r['text']),
      ['later', 'theirs, later'],
    );
  });
});
