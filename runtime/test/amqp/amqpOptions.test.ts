import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Dsn,
  Envelope,
  InvalidArgumentException,
  JsonSerializer,
  type MessageBusInterface,
  MessageTypeRegistry,
  TransportException,
} from '../../src/index.js';
import { mergeTransportOptions } from '../../src/config/transportOptions.js';
import { AMQP_OPTIONS, amqpConfiguration } from '../../src/transport/amqp/AmqpOptions.js';
import { AmqpTransportFactory } from '../../src/transport/amqp/AmqpTransportFactory.js';
import { parseAmqpDsn } from '../../src/transport/amqp/amqpDsn.js';

class Ping {
  constructor(readonly n: number) {}
}

const context = {
  name: 'async',
  serializer: new JsonSerializer(new MessageTypeRegistry([Ping])),
  projectDir: '.',
  bus: {} as MessageBusInterface,
};

describe('AMQP DSN and options', () => {
  it("reads the DSN as Symfony does: vhost and exchange from the path, amqps' port 5671", () => {
    const plain = parseAmqpDsn(Dsn.parse('amqp://guest:gu%40st@localhost:5672/%2f/messages'), {});
    assert.deepEqual(
      [plain.tls, plain.host, plain.port, plain.vhost, plain.exchange, plain.login, plain.password],
      [false, 'localhost', 5672, '/', 'messages', 'guest', 'gu@st'],
    );
    assert.equal(plain.label, 'amqp://guest:****@localhost:5672/%2f/messages');
    const bare = parseAmqpDsn(Dsn.parse('amqp://'), {});
    assert.deepEqual(
      [bare.host, bare.port, bare.vhost, bare.exchange, bare.login, bare.password],
      ['localhost', 5672, '/', undefined, 'guest', 'guest'],
      '`amqp://` alone: every default',
    );
    const tls = parseAmqpDsn(Dsn.parse('amqps://rabbit/prod'), {});
    assert.deepEqual([tls.tls, tls.port, tls.vhost, tls.exchange, tls.login], [true, 5671, 'prod', undefined, 'guest']);
    const overridden = parseAmqpDsn(Dsn.parse('amqp://u:p@h:1234/v'), {
      host: 'other',
      port: 5673,
      vhost: 'w',
      login: 'x',
    });
    assert.deepEqual(
      [overridden.host, overridden.port, overridden.vhost, overridden.login],
      ['other', 5673, 'w', 'u'],
      'options win over host, port and vhost; the DSN user over login',
    );
  });

  it("has Symfony's defaults: a durable fanout exchange and one durable queue named like it", () => {
    const c = amqpConfiguration({}, undefined);
    assert.deepEqual(c.exchange, {
      name: 'messages',
      type: 'fanout',
      defaultPublishRoutingKey: undefined,
      flags: 2,
      arguments: {},
    });
    assert.deepEqual(c.queues, [
      { name: 'messages', bindingKeys: [undefined], bindingArguments: {}, flags: 2, arguments: {} },
    ]);
    assert.deepEqual(c.delay, {
      exchangeName: 'delays',
      queueNamePattern: 'delay_%exchange_name%_%routing_key%_%delay%',
      arguments: {},
    });
    assert.deepEqual([c.autoSetup, c.prefetchCount, c.confirmTimeout], [true, 10, undefined]);
    assert.equal(
      amqpConfiguration({}, 'orders').queues[0]?.name,
      'orders',
      'the DSN names the exchange, and the queue',
    );
    assert.deepEqual(amqpConfiguration({ queues: {} }, undefined).queues, [], '`queues: {}` declares none');
  });

  it('reads flags by php-amqp names, queue arguments as integers, times in seconds', () => {
    const c = amqpConfiguration(
      {
        exchange: { name: 'x', type: 'topic', flags: 'AMQP_DURABLE|AMQP_AUTODELETE' },
        queues: { q: { binding_keys: ['a.*', 'b.#'], arguments: { 'x-max-priority': '10', 'x-queue-mode': 'lazy' } } },
        confirm_timeout: 0.5,
      },
      undefined,
    );
    assert.equal(c.exchange.flags, 18);
    assert.deepEqual(c.queues[0]?.bindingKeys, ['a.*', 'b.#']);
    assert.deepEqual(c.queues[0]?.arguments, { 'x-max-priority': 10, 'x-queue-mode': 'lazy' });
    assert.equal(c.confirmTimeout, 500);
  });

  it('refuses unknown nested options, exchange types, flags and non-integer arguments, naming them', () => {
    assert.throws(
      () => amqpConfiguration({ exchange: { name: 'x', kind: 'topic' } }, undefined),
      /Invalid exchange option\(s\) "kind" passed to the AMQP Messenger transport \(in exchange; known: name, type, default_publish_routing_key, flags, arguments\)/,
    );
    assert.throws(
      () => amqpConfiguration({ queues: { q: { binding_key: 'a' } } }, undefined),
      /Invalid queue option\(s\) "binding_key" .*in queues\.q/,
    );
    assert.throws(
      () => amqpConfiguration({ delay: { exchange: 'd' } }, undefined),
      /Invalid delay option\(s\) "exchange"/,
    );
    assert.throws(() => amqpConfiguration({ exchange: { type: 'fan-out' } }, undefined), /exchange type "fan-out"/);
    assert.throws(
      () => amqpConfiguration({ exchange: { flags: 'AMQP_DURABEL' } }, undefined),
      /Unknown flag "AMQP_DURABEL"/,
    );
    assert.throws(
      () => amqpConfiguration({ queues: { q: { arguments: { 'x-message-ttl': 'soon' } } } }, undefined),
      /Integer expected for queues\.q\.arguments "x-message-ttl"/,
    );
    assert.throws(
      () => amqpConfiguration({ confirm_timeout: -1 }, undefined),
      /"confirm_timeout" must be a number of seconds >= 0/,
    );
  });

  it("reads nested options from the DSN query as PHP's parse_str does, and names unknown ones", () => {
    const { options, problems } = mergeTransportOptions(
      'AMQP',
      AMQP_OPTIONS,
      {
        'exchange[name]': 'orders',
        'exchange[type]': 'direct',
        'queues[q1][binding_keys][]': 'a',
        'queues[q1][binding_keys][0]': 'a',
        'queues[q2][binding_keys][1]': 'b',
        prefetch_count: '3',
        auto_setup: 'false',
      },
      {},
    );
    assert.deepEqual(problems, []);
    const c = amqpConfiguration(options, undefined);
    assert.deepEqual([c.exchange.name, c.exchange.type, c.prefetchCount, c.autoSetup], ['orders', 'direct', 3, false]);
    assert.deepEqual(
      c.queues.map((q) => [q.name, q.bindingKeys]),
      [
        ['q1', ['a']],
        ['q2', ['b']],
      ],
    );
    const unknown = mergeTransportOptions('AMQP', AMQP_OPTIONS, { prefetch_cont: '3' }, {});
    assert.match(
      unknown.problems[0]?.message ?? '',
      /The AMQP transport has no option "prefetch_cont" \(did you mean "prefetch_count"\?\)/,
    );
  });

  it('refuses amqps:// without a CA certificate, saying how to give one', async () => {
    await assert.rejects(
      new AmqpTransportFactory().createTransport(Dsn.parse('amqps://guest:secret@localhost/%2f/messages'), {}, context),
      (error: unknown) =>
        error instanceof InvalidArgumentException &&
        /needs a CA certificate: set the "cacert" option/.test(error.message),
    );
  });

  it('fails clearly when the broker cannot be reached, never silently, and never shows the password', async () => {
    const transport = await new AmqpTransportFactory().createTransport(
      Dsn.parse('amqp://guest:s3cret@127.0.0.1:1/%2f/messages'),
      { connect_timeout: 2 },
      context,
    );
    try {
      await assert.rejects(transport.send(Envelope.wrap(new Ping(1))), (error: unknown) => {
        assert.ok(error instanceof TransportException, String(error));
        assert.match(
          error.message,
          /^amqp:\/\/guest:\*\*\*\*@127\.0\.0\.1:1\/%2f\/messages: could not connect to the AMQP server \(.*ECONNREFUSED/,
        );
        assert.ok(!error.message.includes('s3cret'));
        return true;
      });
      await assert.rejects(
        transport.get(),
        /could not connect to the AMQP server/,
        'a worker stops with the same error',
      );
    } finally {
      await transport.close?.();
    }
  });
});
