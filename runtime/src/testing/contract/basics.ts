import assert from 'node:assert/strict';
import { Envelope } from '../../Envelope.js';
import { MessageDecodingFailedStamp } from '../../stamp/MessageDecodingFailedStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import { ackMany, sendMany } from '../../transport/batch.js';
import { UndecodableMessage } from '../../transport/serialization/UndecodableMessage.js';
import { capabilitiesOf, type TransportCapabilities } from '../../transport/Transport.js';
import type { ContractTest } from './contractTest.js';
import { note, texts } from './messages.js';

const CAPABILITIES: ReadonlyArray<keyof TransportCapabilities> = [
  'listable',
  'messageCount',
  'setup',
  'queues',
  'keepalive',
  'waking',
  'delays',
  'redelivery',
  'batch',
  'monitoring',
  'release',
];

const idOf = (envelope: Envelope): string | number | undefined => envelope.last(TransportMessageIdStamp)?.id;

/** What every transport does: send, get, ack, reject, ids, competing consumers, undecodable messages, close. */
export function basicTests(test: ContractTest, expected: TransportCapabilities): void {
  test('declares its capabilities', async (run) => {
    const declared = capabilitiesOf(await run.transport());
    const pick = (c: TransportCapabilities) => Object.fromEntries(CAPABILITIES.map((k) => [k, c[k] === true]));
    assert.deepEqual(pick(declared), pick(expected));
  });

  test('hands out messages in the order they were sent; acknowledged ones are gone', async (run) => {
    const transport = await run.transport();
    for (const text of ['a', 'b', 'c']) await transport.send(note(text));
    const taken: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [envelope] = await transport.get();
      assert.ok(envelope !== undefined, `message ${i + 1} of 3 was not handed out`);
      taken.push(...texts([envelope]));
      await transport.ack(envelope);
    }
    assert.deepEqual(taken, ['a', 'b', 'c']);
    assert.deepEqual(await transport.get(), []);
  });

  test('a rejected message is gone', async (run) => {
    const transport = await run.transport();
    await transport.send(note('refused'));
    const [envelope] = await transport.get();
    assert.deepEqual(texts([envelope!]), ['refused']);
    await transport.reject(envelope!);
    assert.deepEqual(await transport.get(), []);
    assert.deepEqual(await (await run.transport()).get(), [], 'nor handed to another consumer');
  });

  test('stamps a unique id, a string or a number, the same on the message received', async (run) => {
    const transport = await run.transport();
    const sent = [await transport.send(note('one')), await transport.send(note('two'))];
    const ids = sent.map(idOf);
    for (const id of ids) assert.ok(typeof id === 'string' || typeof id === 'number', `id ${String(id)}`);
    assert.notEqual(ids[0], ids[1]);
    const [received] = await transport.get();
    assert.equal(String(idOf(received!)), String(ids[0]));
  });

  test('never hands a message in progress to a competing consumer', async (run) => {
    const first = await run.transport();
    const second = await run.transport();
    await first.send(note('only'));
    const [taken] = await first.get();
    assert.deepEqual(texts([taken!]), ['only']);
    assert.deepEqual(await second.get(), [], 'taken by the first consumer');
    assert.deepEqual(await first.get(), [], 'not handed out twice to its own consumer either');
    await first.ack(taken!);
    assert.deepEqual(await second.get(), []);
  });

  test('competing consumers take every message exactly once', async (run) => {
    const consumers = [await run.transport(), await run.transport()];
    const sent = Array.from({ length: 30 }, (_, i) => `m${i}`);
    for (const text of sent) await consumers[0]!.send(note(text));
    const taken = await Promise.all(
      consumers.map(async (consumer) => {
        const mine: string[] = [];
        for (let empty = 0; empty < 3; ) {
          const envelopes = await consumer.get();
          if (envelopes.length === 0) empty++;
          for (const envelope of envelopes) {
            mine.push(...texts([envelope]));
            await consumer.ack(envelope);
          }
        }
        return mine;
      }),
    );
    assert.deepEqual(taken.flat().sort(), [...sent].sort());
  });

  test('keeps a message it cannot decode, and stores it again unchanged', async (run) => {
    const transport = await run.transport();
    // What a worker receives when another application sent a message this one does not know.
    const foreign = new UndecodableMessage('{"text":"kept"}', { type: 'Contract\\Unknown', 'X-Custom': 'as is' });
    await transport.send(Envelope.wrap(foreign));
    const [received] = await transport.get();
    assert.ok(received?.message instanceof UndecodableMessage, 'received as an UndecodableMessage, not thrown');
    assert.ok(received.last(MessageDecodingFailedStamp) !== undefined, 'with the decoding error');
    await transport.send(received); // as the worker sends it to a failure transport
    await transport.reject(received);
    const [again] = await transport.get();
    assert.ok(again?.message instanceof UndecodableMessage);
    assert.equal(again.message.body, '{"text":"kept"}');
    assert.equal(again.message.type, 'Contract\\Unknown');
    assert.equal(again.message.headers['X-Custom'], 'as is');
    await transport.reject(again);
  });

  test('keeps its messages when closed; closing twice is harmless', async (run) => {
    const transport = await run.transport();
    await transport.send(note('durable'));
    await transport.close?.();
    await transport.close?.();
    const [envelope] = await (await run.transport()).get();
    assert.deepEqual(texts([envelope!]), ['durable']);
  });

  test('get() returns when its signal is already aborted', async (run) => {
    const transport = await run.transport();
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(await transport.get({ signal: controller.signal }), []);
  });

  test('never returns more than maxMessages; batches through sendMany and ackMany', async (run) => {
    const transport = await run.transport();
    await sendMany(transport, [note('1'), note('2'), note('3')]);
    const first = await transport.get({ maxMessages: 2 });
    assert.ok(first.length >= 1 && first.length <= 2, `${first.length} messages for maxMessages 2`);
    if (expected.batch) assert.equal(first.length, 2, 'a batch transport takes as many as asked when they wait');
    await ackMany(transport, first);
    const taken = [...texts(first)];
    while (taken.length < 3) {
      const more = await run.receive('the rest of the batch', () => transport.get({ maxMessages: 10 }));
      taken.push(...texts(more));
      await ackMany(transport, more);
    }
    assert.deepEqual(taken, ['1', '2', '3']);
  });
}
