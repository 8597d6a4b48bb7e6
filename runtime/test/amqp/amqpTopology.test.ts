import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Channel, Message } from 'amqplib';
import {
  AmqpReceivedStamp,
  AmqpStamp,
  AsMessageHandler,
  DelayStamp,
  Dsn,
  Envelope,
  JsonSerializer,
  type MessageBusInterface,
  MessageTypeRegistry,
  type Messenger,
  RedeliveryStamp,
  type Transport,
  TransportException,
  WorkerMessageReceivedEvent,
} from '../../src/index.js';
import type { AmqpTransport } from '../../src/transport/amqp/AmqpTransport.js';
import { AmqpTransportFactory } from '../../src/transport/amqp/AmqpTransportFactory.js';
import { AMQP_URL, amqpClient, deleteAmqp, readyCount } from '../support/amqp.js';
import { messengerOnAmqp, uniqueName } from '../support/amqpApp.js';
import { consumeUntil, MemoryLogger } from '../support/workerApp.js';

class Note {
  constructor(readonly text: string) {}
}

const client = await amqpClient();
const cleanup: Array<{ exchanges: string[]; queues: string[] }> = [];
const open: Array<{ close(): Promise<void> }> = [];
after(async () => {
  for (const t of open) await t.close();
  for (const c of cleanup) await deleteAmqp(client, c);
  await client.close();
});

const context = {
  name: 'async',
  serializer: new JsonSerializer(new MessageTypeRegistry([Note])),
  projectDir: '.',
  bus: {} as MessageBusInterface,
};

async function transport(exchange: string, options: Record<string, unknown>): Promise<AmqpTransport> {
  const created = (await new AmqpTransportFactory().createTransport(
    Dsn.parse(`${AMQP_URL}/%2f/${exchange}`),
    options,
    context,
  )) as AmqpTransport;
  open.push(created);
  return created;
}

/** Everything waiting in these queues now, as texts (and acknowledged). */
async function drain(consumer: Transport & AmqpTransport, queue: string): Promise<string[]> {
  const texts: string[] = [];
  for (;;) {
    const envelopes = await consumer.getFromQueues([queue], { maxMessages: 10 });
    if (envelopes.length === 0) return texts.sort();
    for (const e of envelopes) {
      texts.push((e.message as Note).text);
      await consumer.ack(e);
    }
  }
}

const note = (text: string, key?: string, headers?: Record<string, string>): Envelope =>
  Envelope.wrap(
    new Note(text),
    key === undefined && headers === undefined ? [] : [new AmqpStamp(key ?? null, 0, { headers })],
  );

describe('AMQP exchanges, queues and stamps', () => {
  const cases: Array<{
    type: string;
    queues: Record<string, Record<string, unknown>>;
    sent: Array<[string, string | undefined, Record<string, string>?]>;
    expected: Record<string, string[]>;
  }> = [
    {
      type: 'direct',
      queues: { a: { binding_keys: ['a', 'all'] }, b: { binding_keys: ['b', 'all'] } },
      sent: [
        ['to-a', 'a'],
        ['to-b', 'b'],
        ['to-all', 'all'],
        ['to-none', 'c'],
      ],
      expected: { a: ['to-a', 'to-all'], b: ['to-all', 'to-b'] },
    },
    {
      type: 'topic',
      queues: { a: { binding_keys: ['sms.*'] }, b: { binding_keys: ['#.urgent'] } },
      sent: [
        ['sms', 'sms.fr'],
        ['mail', 'mail.urgent'],
        ['both', 'sms.urgent'],
      ],
      expected: { a: ['both', 'sms'], b: ['both', 'mail'] },
    },
    {
      type: 'fanout',
      queues: { a: { binding_keys: ['ignored'] }, b: {} },
      sent: [
        ['one', 'x'],
        ['two', undefined],
      ],
      expected: { a: ['one', 'two'], b: ['one', 'two'] },
    },
    {
      type: 'headers',
      queues: {
        a: { binding_arguments: { 'x-match': 'all', kind: 'sms' } },
        b: { binding_arguments: { 'x-match': 'any', kind: 'mail', urgent: 'yes' } },
      },
      sent: [
        ['sms', undefined, { kind: 'sms' }],
        ['mail', undefined, { kind: 'mail' }],
        ['urgent-sms', undefined, { kind: 'sms', urgent: 'yes' }],
      ],
      expected: { a: ['sms', 'urgent-sms'], b: ['mail', 'urgent-sms'] },
    },
  ];
  for (const { type, queues, sent, expected } of cases)
    it(`a ${type} exchange routes to the queues its bindings select`, async () => {
      const exchange = uniqueName(type);
      const names = Object.fromEntries(Object.keys(queues).map((q) => [q, `${exchange}_${q}`]));
      cleanup.push({ exchanges: [exchange], queues: Object.values(names) });
      const amqp = await transport(exchange, {
        exchange: { type },
        queues: Object.fromEntries(Object.entries(queues).map(([q, options]) => [names[q], options])),
      });
      for (const [text, key, headers] of sent) await amqp.send(note(text, key, headers));
      for (const [q, texts] of Object.entries(expected))
        assert.deepEqual(await drain(amqp, names[q]!), texts, `queue ${q}`);
    });

  it("publishes as Symfony does: content_type and the AmqpStamp's attributes as properties, persistent, dated", async () => {
    const exchange = uniqueName('stamp');
    cleanup.push({ exchanges: [exchange], queues: [exchange] });
    const amqp = await transport(exchange, {});
    await amqp.send(
      Envelope.wrap(new Note('props'), [
        new AmqpStamp(null, 0, { priority: 3, correlation_id: 'c-1', app_id: 'billing', headers: { tenant: 'acme' } }),
      ]),
    );
    const channel = await client.createChannel();
    const raw = await channel.get(exchange, { noAck: true });
    await channel.close();
    assert.ok(raw !== false, 'the message is in the queue named like the exchange');
    const p = raw.properties;
    assert.deepEqual(
      [p.contentType, p.deliveryMode, p.priority, p.correlationId, p.appId],
      ['application/json', 2, 3, 'c-1', 'billing'],
    );
    assert.ok(Math.abs(p.timestamp - Date.now() / 1000) < 600, `timestamp in unix seconds: ${p.timestamp}`);
    assert.equal(p.headers?.['type'], 'Note');
    assert.equal(p.headers?.['tenant'], 'acme');
    assert.equal(p.headers?.['Content-Type'], undefined, 'the content type is a property, not a header');
    assert.deepEqual(JSON.parse(raw.content.toString()), { text: 'props' });
  });

  it("delays through Symfony's delay queue: TTL, x-expires and dead-lettering back to the exchange", async () => {
    const exchange = uniqueName('delay');
    const delays = `${exchange}_delays`;
    const delayQueue = `delay_${exchange}__60000_delay`;
    cleanup.push({ exchanges: [exchange, delays], queues: [exchange, delayQueue] });
    const amqp = await transport(exchange, { delay: { exchange_name: delays } });
    await amqp.send(Envelope.wrap(new Note('later'), [new DelayStamp(60_000)]));
    assert.equal(await readyCount(client, delayQueue), 1, 'waiting in the delay queue');
    assert.equal(await amqp.getMessageCount(), 0, 'not counted before it is due');
    const expected = {
      'x-message-ttl': 60_000,
      'x-expires': 70_000,
      'x-dead-letter-exchange': exchange,
      'x-dead-letter-routing-key': '',
    };
    assert.equal(await redeclares(delayQueue, expected), true, 'declared with exactly these arguments');
    assert.equal(await redeclares(delayQueue, { ...expected, 'x-expires': 70_001 }), false, 'the check can fail');
  });

  it('retries through _retry delay queues that dead-letter into the queue the message came from, keeping its headers', async () => {
    const exchange = uniqueName('retry');
    const queue = exchange;
    const delays = `${exchange}_delays`;
    const retryQueues = [`delay_${exchange}_${queue}_100_retry`, `delay_${exchange}_${queue}_200_retry`];
    cleanup.push({ exchanges: [exchange, delays], queues: [queue, ...retryQueues] });
    const attempts: Array<{ retry: number; tenant: unknown; queue: string | undefined }> = [];
    @AsMessageHandler(Note)
    class FlakyHandler {
      __invoke(n: Note): void {
        if (attempts.length < 3) throw new Error(`flaky (${n.text})`);
      }
    }
    const messenger: Messenger = await messengerOnAmqp(
      `transports:
  async:
    dsn: %amqp(${exchange})%
    options: { delay: { exchange_name: ${delays} } }
    retry_strategy: { max_retries: 3, delay: 100, multiplier: 2 }
routing:
  Note: async`,
      { handlers: [FlakyHandler] },
    );
    open.push(messenger);
    await messenger.dispatch(new Note('again'), [new AmqpStamp(null, 0, { headers: { tenant: 'acme' } })]);
    await consumeUntil(
      messenger,
      { receivers: ['async'], timeoutMs: 20_000 },
      () => attempts.length >= 3,
      (worker) =>
        worker.on(WorkerMessageReceivedEvent, (event) => {
          const envelope = event.getEnvelope();
          const received = envelope.last(AmqpReceivedStamp);
          attempts.push({
            retry: RedeliveryStamp.getRetryCountFromEnvelope(envelope),
            tenant: received?.properties.headers?.['tenant'],
            queue: received?.queueName,
          });
        }),
    );
    assert.deepEqual(attempts, [
      { retry: 0, tenant: 'acme', queue },
      { retry: 1, tenant: 'acme', queue },
      { retry: 2, tenant: 'acme', queue },
    ]);
    for (const [i, retryQueue] of retryQueues.entries())
      assert.equal(
        await redeclares(retryQueue, {
          'x-message-ttl': 100 * 2 ** i,
          'x-expires': 100 * 2 ** i + 10_000,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': queue,
        }),
        true,
        `${retryQueue} dead-letters into "${queue}" through the default exchange`,
      );
  });

  it('answers acknowledgements and rejections in any order; what is still in progress comes back when it closes', async () => {
    const exchange = uniqueName('settle');
    cleanup.push({ exchanges: [exchange], queues: [exchange] });
    const amqp = await transport(exchange, {});
    for (const text of ['1', '2', '3', '4', '5', '6']) await amqp.send(note(text));
    const taken = await amqp.get({ maxMessages: 6 });
    assert.deepEqual(
      taken.map((e) => (e.message as Note).text),
      ['1', '2', '3', '4', '5', '6'],
    );
    const [one, two, three, , five, six] = taken; // the fourth stays in progress
    await amqp.ack(five!); // after a message still in progress (4)
    await amqp.ack(two!);
    await amqp.reject(three!);
    await amqp.ack(one!);
    await amqp.reject(six!);
    await assert.rejects(amqp.ack(one!), /already acknowledged or rejected/);
    await amqp.close();
    assert.equal(await readyCount(client, exchange), 1, 'only the message in progress is back');
    const channel = await client.createChannel();
    const back = await channel.get(exchange, { noAck: true });
    await channel.close();
    assert.ok(back !== false);
    assert.deepEqual(JSON.parse(back.content.toString()), { text: '4' });
  });

  it('reopens the consumers channel RabbitMQ closed (logged); what was in progress is delivered again', async () => {
    const exchange = uniqueName('channel');
    cleanup.push({ exchanges: [exchange], queues: [exchange] });
    const amqp = await transport(exchange, {});
    const logger = new MemoryLogger();
    amqp.setLogger(logger);
    for (const text of ['a', 'b', 'c']) await amqp.send(note(text));
    const [first] = await amqp.get();
    assert.equal((first!.message as Note).text, 'a');
    // An acknowledgement of a delivery tag RabbitMQ never gave: it closes the channel (406 PRECONDITION_FAILED).
    const channel = (amqp.connection as unknown as { consumeChannel: Channel }).consumeChannel;
    channel.ack({ fields: { deliveryTag: 999 } } as Message);
    const texts: string[] = [];
    const deadline = Date.now() + 10_000;
    while (texts.length < 3) {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for the 3 messages again; got ${texts.join(', ')}.`);
      for (const envelope of await amqp.get()) {
        texts.push((envelope.message as Note).text);
        await amqp.ack(envelope);
      }
    }
    assert.deepEqual(texts.sort(), ['a', 'b', 'c']);
    await amqp.ack(first!); // its channel is gone: a warning, not an error
    const warnings = logger.records.filter((r) => r.level === 'warning').map((r) => r.message);
    assert.ok(
      warnings.some((w) => /RabbitMQ closed the consumers' channel \(.*PRECONDITION_FAILED.*\); reopening it/.test(w)),
      warnings.join('\n'),
    );
    assert.ok(
      warnings.some((w) =>
        /could not acknowledge message ".*" \(its channel was closed\); RabbitMQ delivers it again/.test(w),
      ),
      warnings.join('\n'),
    );
  });

  it('without auto_setup, a missing exchange or queue fails sending and receiving, saying how to create them', async () => {
    const exchange = uniqueName('missing');
    const amqp = await transport(exchange, { auto_setup: false });
    const setUp =
      /NOT_FOUND - no (exchange|queue) '.*'.*Run `messenger setup-transports`, or set the transport option auto_setup to true\./;
    await assert.rejects(
      amqp.send(note('lost?')),
      (error: unknown) => error instanceof TransportException && setUp.test(error.message),
    );
    await assert.rejects(
      amqp.get(),
      (error: unknown) => error instanceof TransportException && setUp.test(error.message),
    );
  });

  it('waits for publisher confirms: a message the broker refuses (nack) fails the send', async () => {
    const exchange = uniqueName('confirm');
    cleanup.push({ exchanges: [exchange], queues: [exchange] });
    const amqp = await transport(exchange, {
      confirm_timeout: 5,
      queues: { [exchange]: { arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } } },
    });
    await amqp.send(note('fits'));
    await assert.rejects(
      amqp.send(note('overflows')),
      (error: unknown) => error instanceof TransportException && /negative acknowledgment \(nack\)/.test(error.message),
    );
    assert.equal(await amqp.getMessageCount(), 1);
  });
});

/** Whether declaring `queue` durable with `args` is accepted (RabbitMQ refuses arguments that differ from the queue's). */
async function redeclares(queue: string, args: Record<string, unknown>): Promise<boolean> {
  const channel = await client.createChannel();
  channel.on('error', () => undefined);
  try {
    await channel.assertQueue(queue, { durable: true, arguments: args });
    await channel.close();
    return true;
  } catch {
    return false;
  }
}
