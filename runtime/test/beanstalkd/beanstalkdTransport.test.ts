/**
 * The Beanstalkd transport against a beanstalkd of the test's own: what it stores (Symfony's
 * wire format), priorities, delays, bury_on_reject, counting, keepalive, the reservation
 * timeout, and what happens when the server is away or refuses a job.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BeanstalkdPriorityStamp,
  type BeanstalkdTransport,
  BeanstalkdTransportFactory,
  DelayStamp,
  Dsn,
  Envelope,
  MessageDecodingFailedStamp,
  SentForRetryStamp,
  type Stamp,
  TransportMessageIdStamp,
  UndecodableMessage,
} from '../../src/index.js';
import { ContractNote } from '../../src/testing/index.js';
import { contractSerializer } from '../../src/testing/contract/messages.js';
import { BeanstalkdClient } from '../../src/transport/beanstalkd/BeanstalkdClient.js';
import { command, parseStats, putCommand } from '../../src/transport/beanstalkd/protocol.js';
import type { TransportContext } from '../../src/transport/TransportFactory.js';
import { type StartedBeanstalkd, startBeanstalkd } from '../support/beanstalkd.js';
import { until } from '../support/deadline.js';
import { MemoryLogger } from '../support/workerApp.js';

const note = (text: string, stamps: Stamp[] = []): Envelope => Envelope.wrap(new ContractNote(text), stamps);
const textOf = (envelope: Envelope | undefined): string | undefined => (envelope?.message as ContractNote)?.text;
const idOf = (envelope: Envelope): string => String(envelope.last(TransportMessageIdStamp)?.id);

function context(): TransportContext {
  return {
    name: 'async',
    serializer: contractSerializer(),
    projectDir: process.cwd(),
    bus: { dispatch: () => Promise.reject(new Error('no bus')) },
  };
}

let tubes = 0;

describe('Beanstalkd transport', () => {
  let server: StartedBeanstalkd;
  let raw: BeanstalkdClient;
  const transports: BeanstalkdTransport[] = [];
  before(async () => {
    server = await startBeanstalkd(['-z', '4096']);
    raw = new BeanstalkdClient({ host: '127.0.0.1', port: server.port, label: 'test', greeting: [] });
  });
  after(async () => {
    for (const t of transports) await t.close();
    await raw.close();
    await server.stop();
  });

  /** A transport on a tube of its own (options as in messenger.yaml). */
  const transport = async (options: Record<string, unknown> = {}, url = server.url): Promise<BeanstalkdTransport> => {
    const created = (await new BeanstalkdTransportFactory().createTransport(
      Dsn.parse(url),
      { tube_name: `tube_${process.pid}_${++tubes}`, ...options },
      context(),
    )) as BeanstalkdTransport;
    transports.push(created);
    return created;
  };
  const jobStats = async (id: string): Promise<Record<string, string>> =>
    parseStats((await raw.request(command('stats-job', id))).body!);

  it("stores Symfony's job: the JSON of body and headers, priority 1024, the transport's ttr, in its tube", async () => {
    const t = await transport({ tube_name: 'symfony_format', ttr: 120 });
    const sent = await t.send(note('as in PHP'));
    const peeked = await raw.request(command('peek', idOf(sent)));
    const job = JSON.parse(peeked.body!.toString()) as { body: string; headers: Record<string, string> };
    assert.deepEqual(Object.keys(job), ['body', 'headers']);
    assert.equal(JSON.parse(job.body).text, 'as in PHP');
    assert.equal(job.headers['type'], 'ContractNote');
    const stats = await jobStats(idOf(sent));
    assert.deepEqual(
      [stats['tube'], stats['pri'], stats['ttr'], stats['state']],
      ['symfony_format', '1024', '120', 'ready'],
    );
    const [received] = await t.get();
    assert.equal(textOf(received), 'as in PHP');
    await t.ack(received!);
    assert.equal((await raw.request(command('peek', idOf(sent)))).words[0], 'NOT_FOUND', 'acknowledged: deleted');
  });

  it('puts a message with the priority of its BeanstalkdPriorityStamp; the most urgent is reserved first', async () => {
    const t = await transport();
    await t.send(note('routine'));
    const urgent = await t.send(note('urgent', [new BeanstalkdPriorityStamp(0)]));
    await t.send(note('whenever', [new BeanstalkdPriorityStamp(4_000_000_000)]));
    assert.equal((await jobStats(idOf(urgent)))['pri'], '0');
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [envelope] = await t.get();
      order.push(textOf(envelope)!);
      await t.ack(envelope!);
    }
    assert.deepEqual(order, ['urgent', 'routine', 'whenever']);
  });

  it('delays with beanstalkd, in whole seconds rounded up (never before the DelayStamp is due)', async () => {
    const t = await transport();
    const sent = await t.send(note('later', [new DelayStamp(1200)]));
    const stats = await jobStats(idOf(sent));
    assert.deepEqual([stats['state'], stats['delay']], ['delayed', '2']);
    assert.equal(await t.getMessageCount(), 0, 'a delayed job is not counted');
  });

  it('counts the ready jobs of its tube only (messenger stats)', async () => {
    const t = await transport();
    const other = await transport();
    assert.equal(await t.getMessageCount(), 0, 'a tube nobody used yet has none');
    await t.send(note('1'));
    await t.send(note('2'));
    await other.send(note('elsewhere'));
    assert.equal(await t.getMessageCount(), 2);
    const [taken] = await t.get();
    assert.equal(await t.getMessageCount(), 1, 'a reserved job is not counted');
    await t.ack(taken!);
  });

  it('bury_on_reject buries a rejected message with its priority, unless its retry was already sent', async () => {
    const t = await transport({ bury_on_reject: true });
    await t.send(note('failed', [new BeanstalkdPriorityStamp(7)]));
    await t.send(note('retried'));
    const [failed] = await t.get();
    await t.reject(failed!);
    const buried = await jobStats(idOf(failed!));
    assert.deepEqual([buried['state'], buried['pri']], ['buried', '7']);
    const [retried] = await t.get();
    await t.reject(retried!.with(new SentForRetryStamp(true)));
    assert.equal((await raw.request(command('peek', idOf(retried!)))).words[0], 'NOT_FOUND', 'deleted, not buried');
  });

  it('bury_on_reject keeps the priority of a job put without a stamp (read from the server)', async () => {
    const t = await transport({ bury_on_reject: true, tube_name: 'bury_raw' });
    await raw.requestMany([command('use', 'bury_raw')]);
    const body = Buffer.from(JSON.stringify({ body: '{"text":"raw"}', headers: { type: 'ContractNote' } }));
    const [inserted] = await raw.requestMany([putCommand(body, 42, 0, 60)]);
    const [received] = await t.get();
    assert.equal(textOf(received), 'raw');
    await t.rejectMany([received!]);
    const stats = await jobStats(inserted!.words[1]!);
    assert.deepEqual([stats['state'], stats['pri']], ['buried', '42']);
  });

  it('keepalive touches the job (its time to run starts again); a keepalive interval of ttr or more is refused', async () => {
    const t = await transport({ ttr: 30 });
    await t.send(note('long'));
    const [taken] = await t.get();
    await t.keepalive(taken!, 10);
    assert.equal((await jobStats(idOf(taken!)))['state'], 'reserved');
    assert.throws(
      () => t.checkKeepaliveInterval(30),
      /keepalive interval \(30 s\) must be shorter than .* ttr \(30 s\)/,
    );
    await t.ack(taken!);
  });

  it('with a reservation timeout, get() waits for a job, and returns nothing at once when the worker stops', async () => {
    const t = await transport({ timeout: 5 });
    const waiting = t.get();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sender = await transport({ tube_name: t.connection.configuration.tubeName });
    await sender.send(note('arrived while waiting'));
    const [envelope] = await waiting;
    assert.equal(textOf(envelope), 'arrived while waiting');
    await t.ack(envelope!);
    const stop = new AbortController();
    const stopped = t.get({ signal: stop.signal });
    setTimeout(() => stop.abort(), 100);
    assert.deepEqual(await stopped, []);
    await sender.send(note('after the stop'));
    const [next] = await t.get();
    assert.equal(textOf(next), 'after the stop', 'the transport goes on with a new connection');
    await t.ack(next!);
  });

  it('an acknowledgement that comes after the job went back (ttr ran out) is logged, not thrown', async () => {
    const t = await transport({ ttr: 1 });
    const logger = new MemoryLogger();
    t.setLogger(logger);
    await t.send(note('slow'));
    const [taken] = await t.get();
    // The other worker waits inside the server (a reservation timeout) rather than polling.
    const other = await transport({ tube_name: t.connection.configuration.tubeName, timeout: 2 });
    const deadline = Date.now() + 20_000;
    let again: readonly Envelope[] = [];
    while (again.length === 0 && Date.now() < deadline) again = await other.get();
    assert.equal(textOf(again[0]), 'slow', 'delivered again once its ttr ran out');
    await t.ack(taken!);
    assert.match(
      logger.records.at(-1)?.message ?? '',
      /no longer reserved by this worker .* Raise the transport's ttr/,
    );
    await other.ack(again[0]!);
  });

  it("while it holds a job, the connection sends the server a command every ttr + 1 s, so a hung worker's job goes back (beanstalkd#262)", async () => {
    const t = await transport({ ttr: 1 });
    await t.send(note('held by a hung worker'));
    const [taken] = await t.get();
    const sent = async (): Promise<number> =>
      Number(parseStats((await raw.request(command('stats'))).body!)['cmd-list-tube-used']);
    const before = await sent();
    await until(async () => (await sent()) > before, 'a command from the connection holding the job', 10_000);
    assert.equal((await jobStats(idOf(taken!)))['state'], 'ready', 'the server put the job back');
    await t.close();
  });

  it('keeps a job it cannot read as an UndecodableMessage, saying why', async () => {
    const t = await transport({ tube_name: 'not_json' });
    await raw.requestMany([command('use', 'not_json'), putCommand(Buffer.from('<xml/>'), 1024, 0, 60)]);
    const [received] = await t.get();
    assert.ok(received?.message instanceof UndecodableMessage);
    assert.equal(received.message.body, '<xml/>');
    assert.match(
      received.last(MessageDecodingFailedStamp)?.error.message ?? '',
      /Could not read the Beanstalkd job: the job is not JSON/,
    );
    await t.reject(received);
  });

  it("says a message is larger than the server's max-job-size", async () => {
    const t = await transport();
    await assert.rejects(t.send(note('x'.repeat(5000))), /larger than the server's max-job-size \(beanstalkd -z/);
    const [fits] = await t.sendMany([note('small')]);
    assert.ok(idOf(fits!) !== 'undefined', 'the connection is still usable');
  });

  it('says which server cannot be reached', async () => {
    const t = await transport({}, 'beanstalkd://127.0.0.1:1');
    await assert.rejects(
      t.send(note('lost')),
      /^TransportException: Beanstalkd beanstalkd:\/\/127\.0\.0\.1:1: could not connect: .*ECONNREFUSED/,
    );
  });

  it('a lost connection is logged, and the next command opens a new one', async () => {
    const own = await startBeanstalkd();
    try {
      const t = await transport({}, own.url);
      const logger = new MemoryLogger();
      t.setLogger(logger);
      await t.send(note('before'));
      await own.stop();
      const restarted = await startBeanstalkd([], { port: own.port });
      try {
        await t.send(note('after'));
        const [received] = await t.get();
        assert.equal(textOf(received), 'after', 'beanstalkd keeps jobs in memory only (no -b binlog here)');
        await t.ack(received!);
        assert.ok(logger.records.some((r) => r.level === 'warning' && /Lost the connection/.test(r.message)));
        assert.ok(logger.records.some((r) => r.level === 'info' && /Reconnected/.test(r.message)));
      } finally {
        await restarted.stop();
      }
    } finally {
      await own.stop();
    }
  });
});
