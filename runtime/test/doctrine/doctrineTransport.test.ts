import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createMessenger,
  DelayStamp,
  DoctrineReceivedStamp,
  type DoctrineTransport,
  Envelope,
  ErrorDetailsStamp,
  type Messenger,
  MessageDecodingFailedStamp,
  TransportException,
  TransportMessageIdStamp,
  UndecodableMessage,
} from '../../src/index.js';
import { DATABASES, sqliteDatabase, type TestDatabase } from '../support/databases.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';

class Parcel {
  constructor(readonly ref: string) {}
}

/** A messenger whose transports are DSNs on the test database (`name: options`). */
async function messengerOn(
  db: TestDatabase,
  transports: Readonly<Record<string, Readonly<Record<string, string | number | boolean>>>>,
): Promise<Messenger> {
  const env: Record<string, string> = {};
  const lines = Object.entries(transports).map(([name, options]) => {
    env[`DSN_${name.toUpperCase()}`] = db.dsn(options);
    return `  ${name}: '%env(DSN_${name.toUpperCase()})%'`;
  });
  return createMessenger({
    projectDir: db.projectDir,
    configFile: writeConfig(db.projectDir, `transports:\n${lines.join('\n')}`),
    messages: [Parcel],
    processEnv: env,
  });
}

let configs = 0;
function writeConfig(projectDir: string, body: string): string {
  const file = `config/test-${configs++}.yaml`;
  mkdirSync(dirname(join(projectDir, file)), { recursive: true });
  writeFileSync(join(projectDir, file), messengerYaml(body));
  return file;
}

const refs = (envelopes: readonly Envelope[]): string[] => envelopes.map((e) => (e.message as Parcel).ref);

for (const { platform, create } of DATABASES) {
  describe(`Doctrine transport on ${platform}`, () => {
    const databases: TestDatabase[] = [];
    const messengers: Messenger[] = [];
    const open = async (
      transports: Parameters<typeof messengerOn>[1],
      db?: TestDatabase,
    ): Promise<{ db: TestDatabase; messenger: Messenger }> => {
      const database = db ?? create();
      if (db === undefined) databases.push(database);
      const messenger = await messengerOn(database, transports);
      messengers.push(messenger);
      return { db: database, messenger };
    };
    after(async () => {
      for (const m of messengers) await m.close();
      for (const d of databases) await d.cleanup();
    });

    it('sends, takes in order and acknowledges; a taken message is not taken twice', async () => {
      const { db, messenger } = await open({ async: {} });
      const transport = messenger.getTransport('async');
      const sent = await transport.send(Envelope.wrap(new Parcel('a')));
      await transport.send(Envelope.wrap(new Parcel('b')));
      assert.match(String(sent.last(TransportMessageIdStamp)?.id), /^\d+$/);
      const [first] = await transport.get();
      assert.deepEqual(refs([first!]), ['a']);
      assert.equal(first!.last(TransportMessageIdStamp)?.id, sent.last(TransportMessageIdStamp)?.id);
      assert.equal(first!.last(DoctrineReceivedStamp)?.id, String(sent.last(TransportMessageIdStamp)?.id));
      const delivered = await db.query<{ delivered_at: unknown }>(`SELECT delivered_at FROM ${db.table} WHERE id = ?`, [
        first!.last(DoctrineReceivedStamp)!.id,
      ]);
      assert.notEqual(delivered[0]?.delivered_at, null, 'taking a message marks it delivered');
      const [second] = await transport.get();
      assert.deepEqual(refs([second!]), ['b']);
      assert.deepEqual(await transport.get(), []);
      await transport.ack(first!);
      await transport.reject(second!);
      assert.deepEqual(await db.query(`SELECT id FROM ${db.table}`), []);
    });

    it('adds the id of the row to the earlier TransportMessageIdStamps, as Symfony does (a retry keeps its history)', async () => {
      const { messenger } = await open({ async: {} });
      const transport = messenger.getTransport('async');
      const sent = await transport.send(Envelope.wrap(new Parcel('a'), [new TransportMessageIdStamp('earlier-row')]));
      const [received] = await transport.get();
      assert.deepEqual(
        received!.all(TransportMessageIdStamp).map((s) => String(s.id)),
        ['earlier-row', String(sent.last(TransportMessageIdStamp)!.id)],
      );
      await transport.ack(received!);
    });

    it('keeps a delayed message back until available_at', async () => {
      const { messenger } = await open({ async: {} });
      const transport = messenger.getTransport('async') as DoctrineTransport;
      await transport.send(Envelope.wrap(new Parcel('later'), [new DelayStamp(400)]));
      assert.deepEqual(await transport.get(), []);
      assert.equal(await transport.getMessageCount(), 0, 'a delayed message is not counted yet');
      await sleep(450);
      assert.deepEqual(refs(await transport.get()), ['later']);
    });

    it('delivers a message again once redeliver_timeout has passed (its worker died)', async () => {
      const { db, messenger } = await open({ async: { redeliver_timeout: 0.4 } });
      const other = (await open({ async: { redeliver_timeout: 0.4 } }, db)).messenger;
      await messenger.getTransport('async').send(Envelope.wrap(new Parcel('orphan')));
      const [taken] = await messenger.getTransport('async').get();
      assert.deepEqual(await other.getTransport('async').get(), [], 'not while its first handling may be alive');
      await sleep(500);
      const [again] = await other.getTransport('async').get();
      assert.equal(again?.last(TransportMessageIdStamp)?.id, taken?.last(TransportMessageIdStamp)?.id);
    });

    it('keeps queues apart in one table (queue_name), and takes from several (--queues)', async () => {
      const { db, messenger } = await open({ high: { queue_name: 'high' }, low: { queue_name: 'low' } });
      await messenger.getTransport('low').send(Envelope.wrap(new Parcel('low-1')));
      await messenger.getTransport('high').send(Envelope.wrap(new Parcel('high-1')));
      await messenger.getTransport('low').send(Envelope.wrap(new Parcel('low-2')));
      assert.deepEqual(refs(await messenger.getTransport('high').get()), ['high-1']);
      assert.deepEqual(await messenger.getTransport('high').get(), []);
      const low = messenger.getTransport('low') as DoctrineTransport;
      assert.deepEqual(refs(await low.getFromQueues(['low', 'high'])), ['low-1']);
      assert.equal(await low.getMessageCount(), 1);
      const queues = await db.query<{ queue_name: string }>(
        `SELECT DISTINCT queue_name FROM ${db.table} ORDER BY queue_name`,
      );
      assert.deepEqual(
        queues.map((q) => q.queue_name),
        ['high', 'low'],
      );
    });

    it('uses the table named by table_name; without auto_setup, says how to create it', async () => {
      const db = create();
      databases.push(db);
      const table = `${db.table}_custom`;
      const { messenger } = await open({ async: { table_name: table, auto_setup: false } }, db);
      const transport = messenger.getTransport('async') as DoctrineTransport;
      await assert.rejects(
        transport.send(Envelope.wrap(new Parcel('x'))),
        (e: Error) =>
          e instanceof TransportException &&
          e.message.includes(`the table "${table}" does not exist. Run \`messenger setup-transports\``),
      );
      await transport.setup();
      await transport.send(Envelope.wrap(new Parcel('x')));
      assert.equal((await db.query(`SELECT id FROM ${table}`)).length, 1);
      await db.query(`DROP TABLE ${table}`);
    });

    it('lists, finds and counts messages (what the failed:* commands use)', async () => {
      const { messenger } = await open({ failed: {} });
      const transport = messenger.getTransport('failed') as DoctrineTransport;
      const ids: Array<string | number> = [];
      for (const ref of ['a', 'b', 'c'])
        ids.push((await transport.send(Envelope.wrap(new Parcel(ref)))).last(TransportMessageIdStamp)!.id);
      await transport.send(Envelope.wrap(new Parcel('delayed'), [new DelayStamp(60_000)]));
      assert.deepEqual(refs(await transport.all()), ['a', 'b', 'c']);
      assert.deepEqual(refs(await transport.all(2)), ['a', 'b']);
      assert.equal(await transport.getMessageCount(), 3);
      assert.deepEqual(refs([(await transport.find(ids[1]!))!]), ['b']);
      assert.equal(await transport.find('424242'), undefined);
      assert.equal(await transport.find('not-an-id'), undefined);
      await transport.get();
      assert.equal(await transport.getMessageCount(), 2, 'a message being handled is not counted');
    });

    it('turns a row it cannot decode into an UndecodableMessage, and stores it again unchanged', async () => {
      const { db, messenger } = await open({ async: {}, failed: { queue_name: 'failed' } });
      await (messenger.getTransport('async') as DoctrineTransport).setup();
      const headers = JSON.stringify({
        type: 'App\\Message\\Gone',
        'X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\BusNameStamp': '[{"busName":"messenger.bus.default"}]',
      });
      await db.query(
        `INSERT INTO ${db.table} (body, headers, queue_name, created_at, available_at) VALUES (?, ?, 'default', '2020-01-01 00:00:00', '2020-01-01 00:00:00')`,
        ['{"id":1}', headers],
      );
      const [envelope] = await messenger.getTransport('async').get();
      assert.ok(envelope!.message instanceof UndecodableMessage);
      assert.equal(envelope!.message.type, 'App\\Message\\Gone');
      assert.match(
        envelope!.last(MessageDecodingFailedStamp)!.error.message,
        /Message type "App\\Message\\Gone" is not registered in this application/,
      );
      const resent = await messenger
        .getTransport('failed')
        .send(envelope!.with(ErrorDetailsStamp.create(envelope!.last(MessageDecodingFailedStamp)!.error)));
      const row = (
        await db.query<{ body: string; headers: string }>(`SELECT body, headers FROM ${db.table} WHERE id = ?`, [
          String(resent.last(TransportMessageIdStamp)!.id),
        ])
      )[0]!;
      assert.equal(row.body, '{"id":1}');
      const stored = JSON.parse(row.headers) as Record<string, string>;
      assert.equal(stored['type'], 'App\\Message\\Gone');
      assert.match(
        stored['X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\ErrorDetailsStamp']!,
        /MessageDecodingFailedException/,
      );
      const [back] = await messenger.getTransport('failed').get();
      assert.ok(back!.message instanceof UndecodableMessage);
      assert.equal(
        back!.last(ErrorDetailsStamp)?.exceptionClass,
        'MessageDecodingFailedException',
        'readable stamps survive',
      );
    });

    it('never hands one message to two consumers at once', async () => {
      const { db, messenger } = await open({ async: {} });
      const consumers = [
        messenger,
        ...(await Promise.all([1, 2].map(async () => (await open({ async: {} }, db)).messenger))),
      ];
      for (let i = 0; i < 30; i++) await messenger.getTransport('async').send(Envelope.wrap(new Parcel(`m${i}`)));
      const taken: string[] = [];
      await Promise.all(
        consumers.map(async (consumer) => {
          for (;;) {
            const envelopes = await consumer.getTransport('async').get();
            if (envelopes.length === 0) return;
            taken.push(...refs(envelopes));
            await consumer.getTransport('async').ack(envelopes[0]!);
          }
        }),
      );
      assert.equal(taken.length, 30);
      assert.equal(new Set(taken).size, 30);
    });
  });
}

describe('Doctrine transport on SQLite, its write-ahead log', () => {
  it('stays checkpointed while messages are sent one by one (each statement runs to its end)', async () => {
    const db = sqliteDatabase();
    const messenger = await messengerOn(db, { async: {} });
    try {
      const transport = messenger.getTransport('async');
      // Each insert adds about three pages to the log: unchecked, 1,500 of them would leave over 4,000.
      for (let i = 0; i < 1500; i++) await transport.send(Envelope.wrap(new Parcel(`p${i}`)));
      const [count] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${db.table}`);
      assert.equal(count?.n, 1500);
      const [wal] = await db.query<{ log: number }>('PRAGMA wal_checkpoint(PASSIVE)');
      assert.ok(
        wal !== undefined && wal.log < 2000,
        `the log holds ${wal?.log} pages: SQLite's automatic checkpoint (every 1,000) did not run`,
      );
    } finally {
      await messenger.close();
      await db.cleanup();
    }
  });
});

describe('Doctrine transport DSNs', () => {
  it('resolves sqlite:// paths against the project directory', async () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml("transports:\n  async: 'sqlite://var/queue.db'"),
    });
    const messenger = await createMessenger({ projectDir, messages: [Parcel] });
    await messenger.getTransport('async').send(Envelope.wrap(new Parcel('x')));
    await messenger.close();
    assert.ok(existsSync(join(projectDir, 'var', 'queue.db')));
  });

  it('doctrine://default uses DATABASE_URL, and the embedded SQLite file var/messenger.db when it is unset', async () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml("transports:\n  async: 'doctrine://default?queue_name=jobs'"),
    });
    const embedded = await createMessenger({ projectDir, messages: [Parcel], processEnv: {} });
    await embedded.getTransport('async').send(Envelope.wrap(new Parcel('x')));
    await embedded.close();
    assert.ok(existsSync(join(projectDir, 'var', 'messenger.db')));
    const viaUrl = await createMessenger({
      projectDir,
      messages: [Parcel],
      processEnv: { DATABASE_URL: 'sqlite:///%kernel.project_dir%/var/app.db' },
    });
    await viaUrl.getTransport('async').send(Envelope.wrap(new Parcel('y')));
    await viaUrl.close();
    assert.ok(existsSync(join(projectDir, 'var', 'app.db')));
  });

  it('reports a database it cannot reach with the DSN masked, and loses nothing', async () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml("transports:\n  async: 'postgres://app:s3cret@127.0.0.1:1/app'"),
    });
    const messenger = await createMessenger({ projectDir, messages: [Parcel] });
    await assert.rejects(messenger.getTransport('async').send(Envelope.wrap(new Parcel('x'))), (e: Error) => {
      assert.ok(e instanceof TransportException);
      assert.match(
        e.message,
        /^PostgreSQL postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:1\/app: could not connect: .*ECONNREFUSED/,
      );
      assert.ok(!e.message.includes('s3cret'));
      return true;
    });
    await messenger.close();
  });

  it('refuses options of the other database, and table names that are not identifiers', async () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml("transports:\n  async: 'sqlite://var/q.db?use_notify=false'"),
    });
    await assert.rejects(createMessenger({ projectDir }), /The SQLite transport has no option "use_notify"/);
    const bad = tempProject({
      'config/packages/messenger.yaml': messengerYaml("transports:\n  async: 'sqlite://var/q.db?table_name=x;drop'"),
    });
    await assert.rejects(createMessenger({ projectDir: bad }), /Invalid table_name "x;drop"/);
  });
});
