// The transport contract (runtime/src/testing/transportContract.ts) on every built-in transport
// that stores messages. The Redis and Beanstalkd transports run it in test/redis/ and test/beanstalkd/.
import { Dsn, DoctrineTransportFactory, InMemoryTransportFactory } from '../src/index.js';
import { describeTransportContract } from '../src/testing/index.js';
import { MYSQL_URL, POSTGRES_URL } from './support/databases.js';
import { tempProject } from './support/tempProject.js';
import pg from 'pg';

// One in-memory transport per test queue: every create() of a test is another consumer of it.
const memory = new Map<string, ReturnType<InMemoryTransportFactory['createTransport']>>();
describeTransportContract('in-memory (serialize: true)', {
  create: (context) => {
    let transport = memory.get(context.queue);
    if (transport === undefined)
      memory.set(
        context.queue,
        (transport = new InMemoryTransportFactory().createTransport(undefined, { serialize: true }, context)),
      );
    return transport;
  },
  cleanup: ({ queue }) => void memory.delete(queue),
  capabilities: { listable: true, messageCount: true, delays: true, batch: true, monitoring: true, release: true },
});

const sqliteDir = tempProject();
describeTransportContract('SQLite', {
  create: (context) =>
    DoctrineTransportFactory.sqlite().createTransport(
      Dsn.parse(`sqlite://${sqliteDir}/var/${context.queue}.db`),
      { queue_name: context.queueName, redeliver_timeout: 60 },
      context,
    ),
  capabilities: {
    listable: true,
    messageCount: true,
    setup: true,
    queues: true,
    keepalive: true,
    delays: true,
    redelivery: true,
    batch: true,
    release: true,
    monitoring: true,
  },
  redelivery: { timeout: 60_000 },
});

describeTransportContract('PostgreSQL', {
  create: (context) =>
    DoctrineTransportFactory.postgresql().createTransport(
      Dsn.parse(POSTGRES_URL),
      { table_name: context.queue, queue_name: context.queueName, redeliver_timeout: 60 },
      context,
    ),
  cleanup: async ({ queue }) => {
    const client = new pg.Client(POSTGRES_URL);
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS ${queue} CASCADE; DROP FUNCTION IF EXISTS notify_${queue}() CASCADE`);
    await client.end();
  },
  capabilities: {
    listable: true,
    messageCount: true,
    setup: true,
    queues: true,
    keepalive: true,
    waking: true,
    delays: true,
    redelivery: true,
    batch: true,
    release: true,
    monitoring: true,
  },
  redelivery: { timeout: 60_000 },
});

describeTransportContract('MariaDB', {
  create: (context) =>
    DoctrineTransportFactory.mysql().createTransport(
      Dsn.parse(MYSQL_URL),
      { table_name: context.queue, queue_name: context.queueName, redeliver_timeout: 60 },
      context,
    ),
  cleanup: async ({ queue }) => {
    const mysql = await import('mysql2/promise');
    const connection = await mysql.createConnection({ uri: MYSQL_URL });
    await connection.query(`DROP TABLE IF EXISTS ${queue}`);
    await connection.end();
  },
  capabilities: {
    listable: true,
    messageCount: true,
    setup: true,
    queues: true,
    keepalive: true,
    delays: true,
    redelivery: true,
    batch: true,
    release: true,
    monitoring: true,
  },
  redelivery: { timeout: 60_000 },
});
