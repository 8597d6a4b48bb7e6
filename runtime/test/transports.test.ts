import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AsMessageHandler,
  createMessenger,
  DelayStamp,
  Dsn,
  Envelope,
  InMemoryTransport,
  JsonSerializer,
  maskDsn,
  MessageDecodingFailedStamp,
  MessageTypeRegistry,
  TransportException,
  TransportMessageIdStamp,
  UndecodableMessage,
} from '../src/index.js';
import { messengerYaml, tempProject } from './support/tempProject.js';

class Note {
  constructor(
    readonly text: string,
    readonly at: Date,
  ) {}
}

describe('in-memory transport', () => {
  it('records sent, acknowledged and rejected messages, and resets', async () => {
    const transport = new InMemoryTransport();
    const first = await transport.send(Envelope.wrap(new Note('a', new Date())));
    const second = await transport.send(Envelope.wrap(new Note('b', new Date())));
    assert.deepEqual(
      [first, second].map((e) => e.last(TransportMessageIdStamp)?.id),
      [1, 2],
    );
    assert.equal((await transport.get({ maxMessages: 5 })).length, 2);
    await transport.ack(first);
    await transport.reject(second);
    assert.equal(transport.getSent().length, 2);
    assert.deepEqual(
      transport.getAcknowledged().map((e) => (e.message as Note).text),
      ['a'],
    );
    assert.deepEqual(
      transport.getRejected().map((e) => (e.message as Note).text),
      ['b'],
    );
    assert.equal(await transport.getMessageCount(), 0);
    transport.reset();
    assert.equal(transport.getSent().length, 0);
    assert.equal(transport.getAcknowledged().length, 0);
  });

  it('keeps delayed messages back until they are due', async () => {
    let now = 1_000;
    const transport = new InMemoryTransport(undefined, () => now);
    await transport.send(Envelope.wrap(new Note('later', new Date()), [new DelayStamp(500)]));
    assert.equal((await transport.get()).length, 0);
    now += 500;
    assert.equal((await transport.get()).length, 1);
  });

  it('with serialize: true, sends every message through the serializer', async () => {
    @AsMessageHandler(Note)
    class NoteHandler {
      __invoke(_n: Note): void {}
    }
    const messenger = await createMessenger({
      projectDir: tempProject({
        'config/packages/messenger.yaml': messengerYaml(
          "transports:\n  async: 'in-memory://?serialize=true'\n  plain: 'in-memory://'\nrouting:\n  Note: [async, plain]",
        ),
      }),
      handlers: [NoteHandler],
    });
    const note = new Note('x', new Date('2026-01-02T03:04:05Z'));
    await messenger.dispatch(note);
    const [viaSerializer] = (messenger.getTransport('async') as InMemoryTransport).getSent();
    const [asIs] = (messenger.getTransport('plain') as InMemoryTransport).getSent();
    assert.notEqual(viaSerializer!.message, note, 'decoded again: a new object');
    assert.ok(viaSerializer!.message instanceof Note);
    assert.equal((viaSerializer!.message as Note).at.getTime(), note.at.getTime());
    assert.equal(asIs!.message, note, 'without serialize, the same object');
  });

  it('with serialize: true, keeps a message it cannot decode as an UndecodableMessage, like the database transports', async () => {
    const serializer = new JsonSerializer(new MessageTypeRegistry([Note]));
    const undecodable = new UndecodableMessage('{"id":1}', { type: 'App\\Message\\Gone' });
    const failed = new InMemoryTransport(serializer);
    await failed.send(Envelope.wrap(undecodable, [new DelayStamp(0)]));
    const [back] = await failed.get();
    assert.ok(back!.message instanceof UndecodableMessage, 'received as undecodable, not thrown');
    assert.equal(back!.message.body, '{"id":1}');
    assert.equal(back!.message.type, 'App\\Message\\Gone');
    assert.match(
      back!.last(MessageDecodingFailedStamp)!.error.message,
      /Message type "App\\Message\\Gone" is not registered in this application/,
    );
    assert.equal(back!.last(DelayStamp)?.delay, 0, 'readable stamps survive');
  });

  it('encodes the JSON shape of Symfony (body, type header, stamp headers)', () => {
    const serializer = new JsonSerializer(new MessageTypeRegistry([Note]));
    const encoded = serializer.encode(
      Envelope.wrap(new Note('hi', new Date('2026-01-01T00:00:00Z')), [new DelayStamp(5000)]),
    );
    assert.deepEqual(JSON.parse(encoded.body), { text: 'hi', at: '2026-01-01T00:00:00.000Z' });
    assert.equal(encoded.headers['type'], 'Note');
    assert.equal(
      encoded.headers['X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\DelayStamp'],
      '[{"delay":5000}]',
    );
  });
});

describe('sync transport and unavailable transports', () => {
  it('refuses to be consumed, saying why', async () => {
    const messenger = await createMessenger({
      projectDir: tempProject({ 'config/packages/messenger.yaml': messengerYaml("transports:\n  sync: 'sync://'") }),
    });
    await assert.rejects(messenger.getTransport('sync').get(), /cannot receive messages from the sync transport/);
  });

  it('builds the app when a transport is not available yet, and fails only when it is used', async () => {
    class Report {}
    const messenger = await createMessenger({
      projectDir: tempProject({
        'config/packages/messenger.yaml': messengerYaml(
          "transports:\n  later: 'sqs://localhost:9324/queue'\nrouting:\n  Report: later",
        ),
      }),
      messages: [Report],
    });
    await assert.rejects(
      messenger.dispatch(new Report()),
      (e: Error) =>
        e instanceof TransportException &&
        /Transport "later": the Amazon SQS transport \("sqs:\/\/"\) is not available yet/.test(e.message),
    );
  });
});

describe('DSN', () => {
  it('parses like PHP parse_url', () => {
    const dsn = Dsn.parse('amqp://guest:s3cret@localhost:5672/%2f/messages?auto_setup=false');
    assert.deepEqual(
      [dsn.scheme, dsn.user, dsn.password, dsn.host, dsn.port, dsn.path, dsn.query],
      ['amqp', 'guest', 's3cret', 'localhost', 5672, '/%2f/messages', { auto_setup: 'false' }],
    );
    assert.equal(Dsn.parse('sqlite://var/messenger.db').rest, 'var/messenger.db');
    assert.equal(Dsn.parse('doctrine://default?queue_name=failed').host, 'default');
    assert.throws(() => Dsn.parse('not a dsn'), /Invalid DSN .*: it does not start with <scheme>:\/\//);
  });

  it('masks credentials everywhere it is shown', () => {
    assert.equal(
      maskDsn('amqp://guest:s3cret@localhost:5672/%2f/messages'),
      'amqp://guest:****@localhost:5672/%2f/messages',
    );
    assert.equal(maskDsn('redis://s3cret@localhost:6379/messages'), 'redis://****@localhost:6379/messages');
    assert.equal(
      maskDsn('sqs://host/q?access_key=AKIA&secret_key=xyz&region=eu'),
      'sqs://host/q?access_key=****&secret_key=****&region=eu',
    );
    assert.equal(String(Dsn.parse('postgres://app:pw@db/app')), 'postgres://app:****@db/app');
    assert.equal(maskDsn('sync://'), 'sync://');
  });

  it('masks passwords holding "/", "@" or percent-encoded characters, and password query options', () => {
    assert.equal(maskDsn('postgres://app:pa/ss@db:5432/app'), 'postgres://app:****@db:5432/app');
    assert.equal(maskDsn('postgres://app:p@ss@db/app'), 'postgres://app:****@db/app');
    assert.equal(maskDsn('postgres://app:p%40s%2Fs@db/app'), 'postgres://app:****@db/app');
    assert.equal(maskDsn('redis://se/cret@localhost:6379'), 'redis://****@localhost:6379');
    assert.equal(
      maskDsn('postgres://db/app?sslmode=require&sslpassword=k3y&password=pw&pass%77ord=x'),
      'postgres://db/app?sslmode=require&sslpassword=****&password=****&pass%77ord=****',
    );
    for (const secret of ['pa/ss', 'p@ss', 'k3y', 'se/cret']) {
      // Shown masked when it parses; when it does not (an unencoded "/"), the error does not show it at all.
      let shown: string;
      try {
        shown = String(Dsn.parse(`postgres://app:${secret}@db/app?sslpassword=${secret}`));
      } catch (error) {
        shown = (error as Error).message;
      }
      assert.ok(!shown.includes(secret), secret);
    }
  });
});
