import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  DelayStamp,
  Dsn,
  Envelope,
  JsonSerializer,
  LogicException,
  MessageTypeRegistry,
  type MessageBusInterface,
  MockClock,
  TransportException,
} from '../../src/index.js';
import type { RedisTransport } from '../../src/transport/redis/RedisTransport.js';
import { RedisTransportFactory } from '../../src/transport/redis/RedisTransportFactory.js';
import { deleteStream, REDIS_URL, redisClient } from '../support/redis.js';
import { freePort, startStandalone } from '../support/redisServers.js';

/** The promise, or a failure naming `what` once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}.`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

class Ping {
  constructor(readonly n: number) {}
}

const client = redisClient();
const streams: string[] = [];
const transports: RedisTransport[] = [];
after(async () => {
  for (const t of transports) await t.close();
  for (const s of streams) await deleteStream(client, s);
  await client.quit();
});

function newStream(): string {
  const stream = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  streams.push(stream);
  return stream;
}

async function open(dsn: string, options: Record<string, unknown> = {}, clock?: MockClock): Promise<RedisTransport> {
  const transport = (await new RedisTransportFactory().createTransport(Dsn.parse(dsn), options, {
    name: 'async',
    serializer: new JsonSerializer(new MessageTypeRegistry([Ping])),
    projectDir: '.',
    bus: {} as MessageBusInterface,
    environment: {},
    clock,
  })) as RedisTransport;
  transports.push(transport);
  return transport;
}

describe('Redis transport options, against a real server', () => {
  it('writes what Symfony writes: one "message" field, PHP-serialized JSON; delayed messages as plain JSON in <stream>__queue', async () => {
    const stream = newStream();
    const transport = await open(`${REDIS_URL}/${stream}`);
    await transport.send(Envelope.wrap(new Ping(1)));
    await transport.send(Envelope.wrap(new Ping(2), [new DelayStamp(60_000)]));
    const [[, fields]] = (await client.xrange(stream, '-', '+')) as [[string, string[]]];
    assert.equal(fields[0], 'message');
    const match = /^s:(\d+):"(.*)";$/s.exec(fields[1]!);
    assert.ok(match, fields[1]);
    assert.equal(Number(match[1]), Buffer.byteLength(match[2]!));
    const envelope = JSON.parse(match[2]!) as { body: string; headers: Record<string, string> };
    assert.deepEqual([JSON.parse(envelope.body), envelope.headers['type']], [{ n: 1 }, 'Ping']);
    const [member, score] = (
      (await client.call('ZRANGE', `${stream}__queue`, 0, -1, 'WITHSCORES')) as unknown[]
    ).flat() as string[];
    const delayed = JSON.parse(member!) as { body: string; uniqid: string };
    assert.deepEqual(JSON.parse(delayed.body), { n: 2 });
    assert.equal(typeof delayed.uniqid, 'string');
    assert.ok(Math.abs(Number(score) - Date.now() - 60_000) < 10_000, `score ${score}`);
    assert.deepEqual(await client.call('XINFO', 'GROUPS', stream).then((g) => (g as string[][])[0]?.[1]), 'symfony');
  });

  it('serializer 0 stores plain JSON, 4 a JSON string, and either is read back', async () => {
    for (const serializer of [0, 4]) {
      const stream = newStream();
      const transport = await open(`${REDIS_URL}/${stream}`, { serializer });
      await transport.send(Envelope.wrap(new Ping(serializer)));
      const [[, [, value]]] = (await client.xrange(stream, '-', '+')) as [[string, string[]]];
      assert.equal(value!.startsWith(serializer === 0 ? '{"body"' : '"{\\"body\\"'), true, value);
      const [received] = await transport.get();
      assert.deepEqual(received?.message, new Ping(serializer));
    }
  });

  it('takes stream, group and consumer from the DSN path, over the options', async () => {
    const stream = newStream();
    const transport = await open(`${REDIS_URL}/${stream}/billing/worker-7?group=ignored`, { consumer: 'ignored' });
    await transport.send(Envelope.wrap(new Ping(1)));
    await transport.get();
    const [group] = ((await client.call('XINFO', 'GROUPS', stream)) as string[][]).map((g) => g[1]);
    const [consumer] = ((await client.call('XINFO', 'CONSUMERS', stream, 'billing')) as string[][]).map((c) => c[1]);
    assert.deepEqual([group, consumer], ['billing', 'worker-7']);
  });

  it('delete_after_ack and delete_after_reject: false keep entries in the stream; true (the default) deletes them', async () => {
    const kept = newStream();
    const keeping = await open(`${REDIS_URL}/${kept}`, { delete_after_ack: false, delete_after_reject: false });
    const removed = newStream();
    const deleting = await open(`${REDIS_URL}/${removed}`);
    for (const transport of [keeping, deleting]) {
      await transport.send(Envelope.wrap(new Ping(1)));
      await transport.send(Envelope.wrap(new Ping(2)));
      const [a] = await transport.get();
      await transport.ack(a!);
      const [b] = await transport.get();
      await transport.reject(b!);
    }
    assert.deepEqual([await client.xlen(kept), await client.xlen(removed)], [2, 0]);
    assert.equal(await keeping.getMessageCount(), 0, 'acknowledged entries are not waiting any more');
  });

  it('stream_max_entries trims the stream', async () => {
    const stream = newStream();
    const transport = await open(`${REDIS_URL}/${stream}`, { stream_max_entries: 10, delete_after_ack: false });
    for (let i = 0; i < 500; i++) await transport.send(Envelope.wrap(new Ping(i)));
    assert.ok((await client.xlen(stream)) < 500, 'trimmed (approximately, as MAXLEN ~)');
  });

  it('dbindex selects the database', async () => {
    const stream = newStream();
    const transport = await open(`${REDIS_URL}/${stream}`, { dbindex: 3 });
    await transport.send(Envelope.wrap(new Ping(1)));
    const db3 = redisClient(`${REDIS_URL}/3`);
    try {
      assert.deepEqual([await client.exists(stream), await db3.xlen(stream)], [0, 1]);
      await db3.del(stream);
    } finally {
      await db3.quit();
    }
  });

  it('without auto_setup, says how to create the stream; setup() then creates it', async () => {
    const stream = newStream();
    const transport = await open(`${REDIS_URL}/${stream}`, { auto_setup: false });
    await assert.rejects(
      transport.get(),
      (e: unknown) =>
        e instanceof TransportException &&
        /the stream ".*" or its consumer group "symfony" does not exist\. Run `messenger setup-transports`/.test(
          e.message,
        ),
    );
    await transport.setup();
    await transport.send(Envelope.wrap(new Ping(1)));
    assert.equal((await transport.get()).length, 1);
  });

  it('refuses delete_after_ack on a stream that several groups read', async () => {
    const stream = newStream();
    await client.call('XGROUP', 'CREATE', stream, 'other-app', 0, 'MKSTREAM');
    await client.call('XGROUP', 'CREATE', stream, 'symfony', 0);
    const transport = await open(`${REDIS_URL}/${stream}`);
    await assert.rejects(
      transport.send(Envelope.wrap(new Ping(1))),
      (e: unknown) => e instanceof LogicException && /More than one group exists for stream/.test(e.message),
    );
    const tolerant = await open(`${REDIS_URL}/${stream}`, { delete_after_ack: false, delete_after_reject: false });
    await tolerant.send(Envelope.wrap(new Ping(1)));
  });

  it('lazy connects on first use; a wrong password is reported with the DSN masked', async () => {
    const lazy = await open(`${REDIS_URL}/${newStream()}`, { lazy: true });
    assert.equal(lazy.connection.redis.client.status, 'wait');
    await lazy.getMessageCount();
    assert.equal(lazy.connection.redis.client.status, 'ready');
    const wrong = await open(`redis://nobody:wr0ng-secret@127.0.0.1:6379/${newStream()}`, { lazy: true });
    await assert.rejects(
      wrong.send(Envelope.wrap(new Ping(1))),
      (e: unknown) =>
        e instanceof TransportException &&
        /Redis redis:\/\/nobody:\*\*\*\*@127\.0\.0\.1:6379.*WRONGPASS/.test(e.message) &&
        !e.message.includes('wr0ng-secret'),
    );
  });

  it('reads ahead while a backlog lasts; on close, what it read ahead goes back to the stream for others', async () => {
    const stream = newStream();
    const reader = await open(`${REDIS_URL}/${stream}`, { consumer: 'reader' });
    for (let i = 0; i < 10; i++) await reader.send(Envelope.wrap(new Ping(i)));
    const handedOut: number[] = [];
    for (let i = 0; i < 4; i++) handedOut.push(...(await reader.get()).map((e) => (e.message as Ping).n));
    assert.deepEqual(handedOut, [0, 1, 2, 3]);
    assert.equal(await reader.getMessageCount(), 3, 'read ahead: 7 delivered to the reader, 3 left');
    await reader.close();
    const other = await open(`${REDIS_URL}/${stream}`, { consumer: 'other' });
    const taken: number[] = [];
    for (let envelopes = await other.get(); envelopes.length > 0; envelopes = await other.get())
      for (const envelope of envelopes) {
        taken.push((envelope.message as Ping).n);
        await other.ack(envelope);
      }
    assert.deepEqual(
      taken.sort((a, b) => a - b),
      [4, 5, 6, 7, 8, 9],
      'every message not handed out, once; the 4 in progress stay with their consumer',
    );
  });

  it('does not hand out an entry read ahead too long ago: it reads its pending history again', async () => {
    const stream = newStream();
    const clock = new MockClock();
    const reader = await open(`${REDIS_URL}/${stream}`, { consumer: 'slow' }, clock);
    for (let i = 0; i < 3; i++) await reader.send(Envelope.wrap(new Ping(i)));
    const first = await reader.get();
    const second = await reader.get(); // reads 2: hands out one, keeps one
    clock.advance(5000);
    const third = await reader.get();
    assert.deepEqual(
      [...first, ...second, ...third].map((e) => (e.message as Ping).n),
      [0, 1, 2],
    );
    assert.deepEqual(await reader.get(), []);
  });
});

describe('Redis connection options', () => {
  let server: Awaited<ReturnType<typeof startStandalone>> | undefined;
  let socketServer: Awaited<ReturnType<typeof startStandalone>> | undefined;
  after(async () => {
    await server?.stop();
    await socketServer?.stop();
  });

  it('connects through a Unix socket (redis:///path/to/redis.sock), the stream named by an option', async () => {
    const socket = join(mkdtempSync(join(tmpdir(), 'messenger-redis-socket-')), 'redis.sock');
    socketServer = await startStandalone(() => ['--unixsocket', socket, '--unixsocketperm', '700']);
    const transport = await open(`redis://${socket}?stream=jobs`, { stream: 'jobs' });
    await transport.send(Envelope.wrap(new Ping(7)));
    const [received] = await transport.get();
    assert.deepEqual(received?.message, new Ping(7));
    const direct = redisClient(socketServer.dsn);
    try {
      assert.equal(await direct.exists('jobs'), 1, 'the stream is on the server behind the socket');
    } finally {
      await direct.quit();
    }
  });

  it('read_timeout fails a command that waits longer for its reply', async () => {
    server = await startStandalone();
    const stream = newStream();
    const transport = await open(`${server.dsn}/${stream}`, { read_timeout: 0.2 });
    await transport.setup();
    const pauser = redisClient(server.dsn);
    try {
      await pauser.ping();
      const paused = pauser.call('DEBUG', 'SLEEP', '2');
      await new Promise((resolve) => setTimeout(resolve, 300)); // the server is asleep now
      await assert.rejects(
        transport.send(Envelope.wrap(new Ping(1))),
        (e: unknown) => e instanceof TransportException && /timed out/i.test(e.message),
      );
      await paused;
    } finally {
      await pauser.quit();
    }
  });

  it('a server that is down fails fast, naming it and why; the same transport works once the server is up', async () => {
    const port = await freePort();
    const transport = await open(`redis://127.0.0.1:${port}/${newStream()}`);
    await assert.rejects(
      within(transport.send(Envelope.wrap(new Ping(1))), 15_000, 'send() to fail while the server is down'),
      (e: unknown) =>
        e instanceof TransportException &&
        e.message.startsWith(`Redis redis://127.0.0.1:${port}/`) &&
        /ECONNREFUSED/.test(e.message),
    );
    const late = await startStandalone(() => [], port);
    try {
      await within(transport.send(Envelope.wrap(new Ping(2))), 15_000, 'send() to work once the server is up');
      const [received] = await transport.get();
      assert.deepEqual(received?.message, new Ping(2));
    } finally {
      await transport.close();
      await late.stop();
    }
  });

  it('close() returns while the server is away (it does not wait for a reconnection)', async () => {
    const server = await startStandalone();
    const transport = await open(`${server.dsn}/${newStream()}`);
    await transport.send(Envelope.wrap(new Ping(1)));
    await server.stop();
    await within(transport.close(), 15_000, 'close() while the server is away');
  });

  it('persistent_id is accepted with a warning that it means nothing in Node', async () => {
    const warnings: string[] = [];
    const listener = (warning: Error) => warnings.push(warning.message);
    process.on('warning', listener);
    try {
      await open(`${REDIS_URL}/${newStream()}`, { persistent_id: 'worker', lazy: true });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    assert.ok(
      warnings.some((w) => /persistent_id has no meaning in Node/.test(w)),
      warnings.join('\n'),
    );
  });
});
