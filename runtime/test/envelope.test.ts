import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { BusNameStamp, DelayStamp, Envelope, ReceivedStamp, SentStamp, Stamp, NonSendableStamp } from '../src/index.js';

class Message {
  constructor(readonly text: string) {}
}

describe('Envelope', () => {
  it('wraps a message once and keeps an envelope as it is', () => {
    const envelope = Envelope.wrap(new Message('hi'));
    assert.equal(envelope.message.text, 'hi');
    assert.equal(Envelope.wrap(envelope), envelope);
    assert.equal(Envelope.wrap(envelope, [new DelayStamp(5)]).last(DelayStamp)?.delay, 5);
  });

  it('is no thenable: a promise resolves to the envelope itself', async () => {
    const envelope = Envelope.wrap(new Message('hi'), [new DelayStamp(5)]);
    assert.equal(await Promise.resolve(envelope), envelope);
    assert.equal(envelope.then, undefined);
    assert.equal(JSON.stringify(envelope).includes('then'), false, 'nothing serialized');
  });

  it('shows its message and stamps in order when inspected, not the nodes of its list', () => {
    const envelope = Envelope.wrap(new Message('hi'), [new DelayStamp(5), new BusNameStamp('command.bus')]);
    const shown = inspect(envelope, { depth: 4 });
    assert.match(shown, /^Envelope \{\n? *message: Message \{ text: 'hi' \},/);
    assert.ok(shown.indexOf('DelayStamp') < shown.indexOf('BusNameStamp'), shown);
    assert.equal(/previous|stampClass|then/.test(shown), false, shown);
    assert.equal(inspect({ nested: { deeper: envelope } }, { depth: 0 }), '{ nested: [Object] }');
    assert.equal(inspect([envelope], { depth: -1 }), '[Array]');
    assert.match(inspect({ e: envelope }, { depth: 0 }), /\[Envelope\]/);
  });

  it('is immutable: with() returns a new envelope', () => {
    const a = Envelope.wrap(new Message('x'));
    const b = a.with(new DelayStamp(1));
    assert.notEqual(a, b);
    assert.equal(a.last(DelayStamp), undefined);
    assert.equal(b.last(DelayStamp)?.delay, 1);
  });

  it('last() returns the most recent stamp of a class, all() every one in order', () => {
    const envelope = Envelope.wrap(new Message('x'), [new DelayStamp(1), new BusNameStamp('a'), new DelayStamp(2)]);
    assert.equal(envelope.last(DelayStamp)?.delay, 2);
    assert.deepEqual(
      envelope.all(DelayStamp).map((s) => s.delay),
      [1, 2],
    );
    const grouped = envelope.all();
    assert.deepEqual([...grouped.keys()], [DelayStamp, BusNameStamp]);
    assert.equal(grouped.get(DelayStamp)?.length, 2);
  });

  it('withoutAll() removes one exact class; withoutStampsOfType() removes subclasses too', () => {
    const envelope = Envelope.wrap(new Message('x'), [
      new DelayStamp(1),
      new ReceivedStamp('async'),
      new SentStamp('S', 'async'),
    ]);
    assert.equal(envelope.withoutAll(DelayStamp).last(DelayStamp), undefined);
    assert.equal(envelope.withoutAll(DelayStamp).last(ReceivedStamp)?.transportName, 'async');
    const sendable = envelope.withoutStampsOfType(NonSendableStamp);
    assert.equal(sendable.last(ReceivedStamp), undefined);
    assert.equal(sendable.last(SentStamp), undefined);
    assert.equal(sendable.last(DelayStamp)?.delay, 1);
  });

  it('accepts user-defined stamps', () => {
    class TraceStamp extends Stamp {
      constructor(readonly traceId: string) {
        super();
      }
    }
    const envelope = Envelope.wrap(new Message('x'), [new TraceStamp('abc')]);
    assert.equal(envelope.last(TraceStamp)?.traceId, 'abc');
  });

  it('rejects a message that is not an object, saying what it got', () => {
    assert.throws(() => Envelope.wrap('text' as unknown as object), /must be an object.*got string/);
  });
});
