import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BusNameStamp, DelayStamp, Envelope, type Middleware } from '../src/index.js';
import { InMemoryTransport, testStack } from '../src/testing/index.js';

class Message {}

it('testStack records what a middleware passes on, and returns what `next` returns', async () => {
  const addsDelay: Middleware = {
    handle: (envelope, stack) => stack.next().handle(envelope.with(new DelayStamp(10)), stack),
  };
  const stack = testStack((envelope) => envelope.with(new BusNameStamp('after')));
  const result = await addsDelay.handle(Envelope.wrap(new Message()), stack);
  assert.equal(stack.passedOn.length, 1);
  assert.equal(stack.passedOn[0]?.last(DelayStamp)?.delay, 10);
  assert.equal(result.last(BusNameStamp)?.busName, 'after');
});

it('testStack shows a middleware that stops the chain', async () => {
  const stops: Middleware = { handle: async (envelope) => envelope };
  const stack = testStack();
  await stops.handle(Envelope.wrap(new Message()), stack);
  assert.deepEqual(stack.passedOn, []);
});

it('ships the in-memory transport for tests', async () => {
  const transport = new InMemoryTransport();
  await transport.send(Envelope.wrap(new Message()));
  assert.equal(transport.getSent().length, 1);
});
