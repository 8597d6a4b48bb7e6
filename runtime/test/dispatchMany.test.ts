import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AsMessageHandler,
  createMessenger,
  type Envelope,
  type InMemoryTransport,
  TransportMessageIdStamp,
} from '../src/index.js';
import { sqliteDatabase } from './support/databases.js';
import { messengerYaml, tempProject } from './support/tempProject.js';

class Queued {
  constructor(readonly n: number) {}
}
class Immediate {
  constructor(readonly n: number) {}
}

async function app(dsn = 'in-memory://', handled: string[] = []) {
  @AsMessageHandler(Immediate)
  class ImmediateHandler {
    __invoke(message: Immediate): void {
      handled.push(`immediate ${message.n}`);
    }
  }
  return createMessenger({
    projectDir: tempProject({
      'config/packages/messenger.yaml': messengerYaml(`transports:\n  async: '${dsn}'\nrouting:\n  Queued: async`),
    }),
    handlers: [ImmediateHandler],
    messages: [Queued],
  });
}

const idOf = (envelope: Envelope): unknown => envelope.last(TransportMessageIdStamp)?.id;

describe('messenger.dispatchMany()', () => {
  it('sends the routed messages in one sendMany() per transport, in order; handles the others as dispatch() does', async () => {
    const handled: string[] = [];
    const messenger = await app('in-memory://', handled);
    const transport = messenger.getTransport('async') as InMemoryTransport;
    const calls: number[] = [];
    const original = transport.sendMany.bind(transport);
    transport.sendMany = (envelopes) => {
      calls.push(envelopes.length);
      return original(envelopes);
    };
    const envelopes = await messenger.dispatchMany([new Queued(1), new Immediate(2), new Queued(3), new Queued(4)]);
    assert.deepEqual(calls, [3], 'one sendMany() with the three routed messages');
    assert.deepEqual(handled, ['immediate 2']);
    assert.deepEqual(
      transport.getSent().map((e) => (e.message as Queued).n),
      [1, 3, 4],
    );
    assert.deepEqual(
      envelopes.map((e) => (e.message as Queued).n),
      [1, 2, 3, 4],
      'the envelopes, in the order given',
    );
    assert.deepEqual(
      [idOf(envelopes[0]!), idOf(envelopes[1]!), idOf(envelopes[2]!), idOf(envelopes[3]!)],
      [1, undefined, 2, 3],
      'each sent envelope carries its transport id',
    );
    await messenger.close();
  });

  it('to SQLite: the messages are stored, with their ids, in the order given', async () => {
    const db = sqliteDatabase();
    const messenger = await app(db.dsn());
    const envelopes = await messenger.dispatchMany(Array.from({ length: 120 }, (_, n) => new Queued(n)));
    const rows = await db.query<{ id: number; body: string }>('SELECT id, body FROM messenger_messages ORDER BY id');
    assert.equal(rows.length, 120);
    assert.deepEqual(
      envelopes.map((e) => String(idOf(e))),
      rows.map((r) => String(r.id)),
    );
    assert.deepEqual(
      rows.map((r) => (JSON.parse(r.body) as { n: number }).n),
      Array.from({ length: 120 }, (_, n) => n),
    );
    await messenger.close();
    await db.cleanup();
  });

  it('a failure rejects once every message was dispatched; the others are still sent', async () => {
    const messenger = await app();
    await assert.rejects(
      messenger.dispatchMany([new Queued(1), new Immediate(2) as object, { not: 'a handled message' }, new Queued(3)]),
      /No handler for message/,
    );
    const transport = messenger.getTransport('async') as InMemoryTransport;
    assert.deepEqual(
      transport.getSent().map((e) => (e.message as Queued).n),
      [1, 3],
    );
    await messenger.close();
  });
});
