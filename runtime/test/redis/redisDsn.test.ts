import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidArgumentException, InvalidTransportOptionException } from '../../src/index.js';
import { redisConfiguration } from '../../src/transport/redis/RedisOptions.js';
import { parseRedisDsn } from '../../src/transport/redis/redisDsn.js';

describe('Redis DSNs', () => {
  it('reads the guide’s DSNs', () => {
    const simple = parseRedisDsn('redis://localhost:6379/messages', undefined);
    assert.deepEqual(
      [simple.kind, simple.addresses, simple.stream, simple.group, simple.consumer, simple.tls],
      ['standalone', [{ host: 'localhost', port: 6379 }], 'messages', undefined, undefined, false],
    );
    const full = parseRedisDsn('redis://s3cret@localhost:6380/messages/symfony/consumer?auto_setup=true', undefined);
    assert.deepEqual(
      [full.password, full.user, full.stream, full.group, full.consumer, full.addresses[0]?.port],
      ['s3cret', undefined, 'messages', 'symfony', 'consumer', 6380],
    );
    assert.equal(full.label, 'redis://****@localhost:6380/messages/symfony/consumer');
  });

  it('takes user and password, ignoring Redis’ "default" user', () => {
    assert.deepEqual(
      [parseRedisDsn('redis://app:p%40ss@h', undefined)].map((t) => [t.user, t.password]),
      [['app', 'p@ss']],
    );
    assert.equal(parseRedisDsn('redis://default:pw@h', undefined).user, undefined);
    const empty = parseRedisDsn('redis://:s3cret@redis.internal:6379/messages', undefined);
    assert.deepEqual([empty.user, empty.password], [undefined, 's3cret']);
    assert.deepEqual(parseRedisDsn('redis://[::1]:6380', undefined).addresses, [{ host: '::1', port: 6380 }]);
  });

  it('reads Unix sockets, TLS schemes, clusters and Sentinels', () => {
    const socket = parseRedisDsn('redis:///var/run/redis.sock', undefined);
    assert.deepEqual([socket.socket, socket.addresses, socket.stream], ['/var/run/redis.sock', [], undefined]);
    assert.equal(parseRedisDsn('rediss://h:6379', undefined).tls, true);
    assert.equal(parseRedisDsn('valkeys://h:6379', undefined).tls, true);
    const cluster = parseRedisDsn('redis://host-01:6379,redis://host-02:6379,redis://host-03:7000/jobs', undefined);
    assert.equal(cluster.kind, 'cluster');
    assert.deepEqual(
      cluster.addresses.map((a) => `${a.host}:${a.port}`),
      ['host-01:6379', 'host-02:6379', 'host-03:7000'],
    );
    assert.equal(cluster.stream, 'jobs');
    const sentinel = parseRedisDsn('redis://s1:26379,redis://s2:26379/jobs?sentinel_master=mymaster', 'mymaster');
    assert.equal(sentinel.kind, 'sentinel');
    assert.equal(sentinel.addresses.length, 2);
  });

  it('refuses what it cannot read, with the credentials masked', () => {
    assert.throws(
      () => parseRedisDsn('redis://pw@h1:6379?stream=a,redis://h2:6379', undefined),
      (e: unknown) => e instanceof InvalidArgumentException && /options before its last host/.test(e.message),
    );
    assert.throws(
      () => parseRedisDsn('redis://pw@h1:6379,amqp://h2', undefined),
      (e: unknown) =>
        e instanceof InvalidArgumentException && e.message.includes('redis://****@h1') && !e.message.includes('pw'),
    );
  });
});

describe('Redis options', () => {
  it('has Symfony’s defaults, and the consumer name from MESSENGER_CONSUMER_NAME', () => {
    const defaults = redisConfiguration({});
    assert.deepEqual(
      [
        defaults.stream,
        defaults.group,
        defaults.consumer,
        defaults.autoSetup,
        defaults.deleteAfterAck,
        defaults.deleteAfterReject,
        defaults.serializer,
        defaults.redeliverTimeout,
        defaults.claimInterval,
      ],
      ['messages', 'symfony', 'consumer', true, true, true, 1, 3_600_000, 60_000],
    );
    assert.equal(redisConfiguration({}, { MESSENGER_CONSUMER_NAME: 'worker_02' }).consumer, 'worker_02');
    assert.equal(redisConfiguration({ consumer: 'mine' }, { MESSENGER_CONSUMER_NAME: 'worker_02' }).consumer, 'mine');
  });

  it('refuses empty names, negative timeouts and serializers Node cannot read, naming the option', () => {
    const refuses = (options: Record<string, unknown>, option: string, pattern: RegExp) =>
      assert.throws(
        () => redisConfiguration(options),
        (e: unknown) => e instanceof InvalidTransportOptionException && e.option === option && pattern.test(e.message),
      );
    refuses({ stream: '' }, 'stream', /"stream" should be configured, got an empty string/);
    refuses({ redeliver_timeout: -1 }, 'redeliver_timeout', /> 0/);
    refuses({ serializer: 2 }, 'serializer', /igbinary \(2\) and msgpack \(3\) have no reader in Node/);
    refuses({ stream_max_entries: 1.5 }, 'stream_max_entries', /whole number/);
  });
});
