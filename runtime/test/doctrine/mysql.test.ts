/**
 * What is particular to the Doctrine transport on MySQL and MariaDB (the suites shared with
 * SQLite and PostgreSQL run on MariaDB through DATABASES): the server version it needs, the
 * table it creates, the takes of several statements (left clean when one fails), a lost
 * connection, doctrine://default on a MySQL DATABASE_URL.
 */
import assert from 'node:assert/strict';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import {
  Dsn,
  DoctrineTransportFactory,
  type DoctrineTransport,
  Envelope,
  TransportMessageIdStamp,
} from '../../src/index.js';
import { checkServerVersion } from '../../src/transport/doctrine/mysqlVersion.js';
import { ContractNote } from '../../src/testing/index.js';
import { contractSerializer } from '../../src/testing/contract/messages.js';
import type { TransportContext } from '../../src/transport/TransportFactory.js';
import { MYSQL_URL, mysqlDatabase, type TestDatabase } from '../support/databases.js';
import { within } from '../support/deadline.js';
import { MemoryLogger } from '../support/workerApp.js';

const note = (text: string): Envelope => Envelope.wrap(new ContractNote(text));
const textOf = (envelope: Envelope | undefined): string | undefined => (envelope?.message as ContractNote)?.text;

function context(environment: Record<string, string> = {}): TransportContext {
  return {
    name: 'async',
    serializer: contractSerializer(),
    projectDir: process.cwd(),
    bus: { dispatch: () => Promise.reject(new Error('no bus')) },
    environment,
  };
}

describe('Doctrine transport on MySQL and MariaDB', () => {
  const databases: TestDatabase[] = [];
  const transports: DoctrineTransport[] = [];
  const database = (): TestDatabase => {
    const db = mysqlDatabase();
    databases.push(db);
    return db;
  };
  const transport = async (dsn: string, environment?: Record<string, string>): Promise<DoctrineTransport> => {
    // The config loader merges the DSN's query into the options; here it is only table_name.
    const parsed = Dsn.parse(dsn);
    const created = (await DoctrineTransportFactory.mysql().createTransport(
      parsed,
      { ...parsed.query },
      context(environment),
    )) as DoctrineTransport;
    transports.push(created);
    return created;
  };
  after(async () => {
    for (const t of transports) await t.close();
    for (const db of databases) await db.cleanup();
  });

  it('needs MariaDB 10.6 or MySQL 8.0 (SELECT … FOR UPDATE SKIP LOCKED), and says so', () => {
    assert.equal(checkServerVersion('10.11.6-MariaDB-0+deb12u1'), undefined);
    assert.equal(checkServerVersion('10.6.0-MariaDB'), undefined);
    assert.equal(checkServerVersion('8.0.36'), undefined);
    assert.equal(checkServerVersion('8.4.0-commercial'), undefined);
    assert.match(checkServerVersion('10.5.23-MariaDB-log') ?? '', /MariaDB 10\.5\.23.*needs MariaDB 10\.6 or newer/);
    assert.match(checkServerVersion('5.7.44') ?? '', /MySQL 5\.7\.44.*SKIP LOCKED.*MySQL 8\.0 or newer/);
  });

  it("creates Symfony's table: the same columns as on the other databases, in InnoDB, utf8mb4", async () => {
    const db = database();
    await (await transport(db.dsn())).setup();
    const columns = await db.query<{ name: string; type: string; nullable: string }>(
      'SELECT column_name AS name, column_type AS type, is_nullable AS nullable FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position',
      [db.table],
    );
    assert.deepEqual(
      columns.map((c) => `${c.name} ${c.type}${c.nullable === 'YES' ? ' null' : ''}`),
      [
        'id bigint(20)',
        'body longtext',
        'headers longtext',
        'queue_name varchar(190)',
        'created_at datetime(3)',
        'available_at datetime(3)',
        'delivered_at datetime(3) null',
      ],
    );
    const [table] = await db.query<{ engine: string; collation: string }>(
      'SELECT engine, table_collation AS collation FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
      [db.table],
    );
    assert.deepEqual(table, { engine: 'InnoDB', collation: 'utf8mb4_unicode_ci' });
  });

  it('keeps text that is not ASCII (utf8mb4) and ids beyond 2^53 as strings', async () => {
    const db = database();
    const t = await transport(db.dsn());
    await t.setup();
    await db.query(`ALTER TABLE ${db.table} AUTO_INCREMENT = 9007199254740995`);
    const sent = await t.send(note('héllo 🚀'));
    const [received] = await t.get();
    assert.equal(textOf(received), 'héllo 🚀');
    assert.equal(sent.last(TransportMessageIdStamp)?.id, '9007199254740995');
    assert.equal(received!.last(TransportMessageIdStamp)?.id, '9007199254740995');
    await t.ack(received!);
  });

  it('a take that fails half-way leaves no transaction open: the message is taken next time, and later writes are seen at once', async () => {
    const db = database();
    const t = await transport(db.dsn());
    await t.setup();
    // The take's UPDATE fails while the flag is set: its SELECT … FOR UPDATE has locked the row by then.
    await db.query(`CREATE TABLE ${db.table}_fail (fail INT NOT NULL)`);
    await db.query(`INSERT INTO ${db.table}_fail VALUES (1)`);
    await db.query(
      `CREATE TRIGGER ${db.table}_refuse BEFORE UPDATE ON ${db.table} FOR EACH ROW BEGIN IF (SELECT fail FROM ${db.table}_fail) = 1 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'; END IF; END`,
    );
    try {
      await t.send(note('first'));
      await assert.rejects(t.get(), /refused by the test/);
      await assert.rejects(t.get({ maxMessages: 5 }), /refused by the test/, 'and so does the take of a batch');
      await db.query(`UPDATE ${db.table}_fail SET fail = 0`);
      // Sent on the same connection: committed at once only if no transaction was left open.
      await t.send(note('second'));
      const other = await transport(db.dsn());
      assert.deepEqual((await other.all()).map(textOf), ['first', 'second'], 'both rows unlocked and visible');
      const [taken] = await other.get();
      assert.equal(textOf(taken), 'first', 'the row the failed take had locked is free again');
      await other.ack(taken!);
    } finally {
      // Closing ends any transaction left open, which would hold the DROP below forever.
      await t.close();
      await db.query(`DROP TABLE IF EXISTS ${db.table}_fail`);
    }
  });

  it('a connection killed by the server is logged, and the next statements reconnect', async () => {
    const db = database();
    // A user of its own, so that the test kills its transport's connection and nobody else's.
    const user = db.table.slice(-20);
    await db.query(`CREATE USER '${user}'@'%'`);
    try {
      await db.query(`GRANT ALL ON ${new URL(MYSQL_URL).pathname.slice(1)}.* TO '${user}'@'%'`);
      const url = new URL(MYSQL_URL);
      const t = await transport(`mysql://${user}@${url.host}${url.pathname}?table_name=${db.table}`);
      const logger = new MemoryLogger();
      t.setLogger(logger);
      await t.send(note('before'));
      const ids = await db.query<{ id: number }>('SELECT id FROM information_schema.processlist WHERE user = ?', [
        user,
      ]);
      assert.equal(ids.length, 1, 'one connection per transport');
      await db.query(`KILL ${ids[0]!.id}`);
      const deadline = Date.now() + 10_000;
      let envelopes: readonly Envelope[] = [];
      while (envelopes.length === 0 && Date.now() < deadline)
        envelopes = await within(t.get(), 15_000, 'get() after its connection was killed to answer');
      assert.equal(textOf(envelopes[0]), 'before', 'taken once the connection was open again');
      await t.ack(envelopes[0]!);
      assert.ok(
        logger.records.some((r) => r.level === 'warning' && /Lost the connection/.test(r.message)),
        `the loss was logged: ${JSON.stringify(logger.records)}`,
      );
      assert.ok(
        logger.records.some((r) => r.level === 'info' && /Reconnected/.test(r.message)),
        'and the reconnection',
      );
    } finally {
      await db.query(`DROP USER '${user}'@'%'`);
    }
  });

  it('a statement in flight when the server ends the connection fails and is tried again, instead of waiting forever', async () => {
    const db = database();
    const url = new URL(MYSQL_URL);
    // A proxy in front of the server that, once told to, ends the connection on the next statement
    // without answering it: the server going away while a take is under way.
    let cutNext = false;
    const sockets: Socket[] = [];
    const proxy = createServer((client) => {
      const server = connect(Number(url.port || 3306), url.hostname);
      sockets.push(client, server);
      client.on('error', () => undefined);
      server.on('error', () => undefined);
      server.pipe(client);
      server.on('end', () => client.end());
      client.on('data', (chunk) => {
        if (!cutNext) {
          server.write(chunk);
          return;
        }
        cutNext = false;
        server.destroy();
        client.end();
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      const t = await transport(`mysql://${url.username}@127.0.0.1:${port}${url.pathname}?table_name=${db.table}`);
      const logger = new MemoryLogger();
      t.setLogger(logger);
      await t.send(note('in flight'));
      cutNext = true;
      // The first get() meets the lost connection (it says so and returns nothing); a later one takes the message.
      let envelopes = await within(t.get(), 15_000, 'get() whose statement the server ended the connection on');
      assert.equal(cutNext, false, 'the statement reached the proxy, which ended the connection');
      const deadline = Date.now() + 10_000;
      while (envelopes.length === 0 && Date.now() < deadline)
        envelopes = await within(t.get(), 15_000, 'get() after the connection was lost');
      assert.equal(textOf(envelopes[0]), 'in flight', 'taken on a new connection');
      assert.ok(
        logger.records.some((r) => r.level === 'warning' && /Lost the connection/.test(r.message)),
        `the loss was logged: ${JSON.stringify(logger.records)}`,
      );
      await t.ack(envelopes[0]!);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('doctrine://default uses a MySQL DATABASE_URL', async () => {
    const db = database();
    const url = new URL(MYSQL_URL);
    const t = (await DoctrineTransportFactory.doctrine().createTransport(
      Dsn.parse('doctrine://default'),
      { table_name: db.table },
      context({
        DATABASE_URL: `${url.protocol}//${url.username}@${url.host}${url.pathname}?serverVersion=10.11.2-MariaDB&charset=utf8mb4`,
      }),
    )) as DoctrineTransport;
    transports.push(t);
    await t.send(note('via DATABASE_URL'));
    assert.deepEqual((await db.query(`SELECT body FROM ${db.table}`)).length, 1);
    const [received] = await t.get();
    assert.equal(textOf(received), 'via DATABASE_URL');
    await t.ack(received!);
  });

  it('says which server could not be reached, password masked', async () => {
    const t = await transport('mysql://root:s3cret@127.0.0.1:1/test');
    await assert.rejects(t.send(note('lost')), (error: Error) => {
      assert.match(error.message, /^MySQL mysql:\/\/root:\*\*\*\*@127\.0\.0\.1:1\/test: could not connect: /);
      assert.doesNotMatch(error.message, /s3cret/);
      return true;
    });
  });
});
