import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AsMessageHandler,
  BusNameStamp,
  createMessenger,
  Envelope,
  MessageBus,
  middleware,
  type Middleware,
  SentStamp,
  type Stack,
  StackMiddleware,
} from '../src/index.js';
import { messengerYaml, tempProject } from './support/tempProject.js';

class Ping {}

function recorder(log: string[], name: string): Middleware {
  return middleware(async (envelope, stack) => {
    log.push(`${name}:before`);
    const result = await stack.next().handle(envelope, stack);
    log.push(`${name}:after`);
    return result;
  });
}

describe('MessageBus and middleware', () => {
  it('runs middleware as an onion, in order', async () => {
    const log: string[] = [];
    const bus = new MessageBus([recorder(log, 'a'), recorder(log, 'b'), recorder(log, 'c')]);
    const envelope = await bus.dispatch(new Ping());
    assert.ok(envelope.message instanceof Ping);
    assert.deepEqual(log, ['a:before', 'b:before', 'c:before', 'c:after', 'b:after', 'a:after']);
  });

  it('lets a middleware be tested alone, on a stack of its own', async () => {
    const log: string[] = [];
    const stack = StackMiddleware.of([recorder(log, 'a'), recorder(log, 'b')]);
    assert.equal(stack.isAtLastMiddleware(), false);
    const envelope = await stack.next().handle(Envelope.wrap(new Ping()), stack);
    assert.ok(envelope.message instanceof Ping);
    assert.deepEqual(log, ['a:before', 'b:before', 'b:after', 'a:after']);
    assert.equal(stack.isAtLastMiddleware(), true);
    assert.equal(stack.ended, true);
    // Past its middleware, a stack is the end of the chain: the envelope comes back as it is.
    assert.equal(stack.next(), stack);
  });

  it('stops when a middleware does not call the next one (short-circuit)', async () => {
    const log: string[] = [];
    const stop: Middleware = { handle: async (envelope) => envelope.with(new BusNameStamp('stopped')) };
    const bus = new MessageBus([recorder(log, 'a'), stop, recorder(log, 'never')]);
    const envelope = await bus.dispatch(new Ping());
    assert.deepEqual(log, ['a:before', 'a:after']);
    assert.equal(envelope.last(BusNameStamp)?.busName, 'stopped');
  });

  it('turns an error thrown synchronously by a middleware into a rejected dispatch', async () => {
    const bus = new MessageBus([
      {
        handle: () => {
          throw new Error('boom');
        },
      },
    ]);
    const dispatched = bus.dispatch(new Ping());
    await assert.rejects(dispatched, /boom/);
  });

  it('places the bus middleware between the default ones, in Symfony order', async () => {
    const seen: string[] = [];
    const probe = (name: string): Middleware =>
      middleware(async (envelope: Envelope, stack: Stack) => {
        // add_bus_name_stamp_middleware ran before the bus's own middleware; send/handle run after.
        seen.push(`${name}:${envelope.last(BusNameStamp)?.busName}:${envelope.all(SentStamp).length}`);
        return stack.next().handle(envelope, stack);
      });
    @AsMessageHandler(Ping)
    class PingHandler {
      __invoke(): string {
        seen.push('handler');
        return 'pong';
      }
    }
    const messenger = await createMessenger({
      projectDir: tempProject({
        'config/packages/messenger.yaml': messengerYaml(`
buses:
  main.bus:
    middleware: [first, second]
`),
      }),
      handlers: [PingHandler],
      middleware: { first: probe('first'), second: probe('second') },
    });
    await messenger.dispatch(new Ping());
    assert.deepEqual(seen, ['first:main.bus:0', 'second:main.bus:0', 'handler']);
  });

  it('with default_middleware: false, runs only the listed middleware', async () => {
    const log: string[] = [];
    const messenger = await createMessenger({
      projectDir: tempProject({
        'config/packages/messenger.yaml': messengerYaml(`
buses:
  bare.bus:
    default_middleware: false
    middleware:
      - add_bus_name_stamp_middleware: ['custom.name']
      - mine
`),
      }),
      middleware: { mine: recorder(log, 'mine') },
    });
    // No handle_message middleware: no NoHandlerForMessageException although Ping has no handler.
    const envelope = await messenger.dispatch(new Ping());
    assert.deepEqual(log, ['mine:before', 'mine:after']);
    assert.equal(envelope.last(BusNameStamp)?.busName, 'custom.name');
  });

  it('passes YAML arguments to middleware factories', async () => {
    let received: unknown[] = [];
    await createMessenger({
      projectDir: tempProject({
        'config/packages/messenger.yaml': messengerYaml(`
buses:
  a.bus:
    middleware:
      - 'App\\Middleware\\Tagged': ['x', 2]
`),
      }),
      middleware: {
        'App\\Middleware\\Tagged': (...args: unknown[]) => {
          received = args;
          return recorder([], 't');
        },
      },
    });
    assert.deepEqual(received, ['x', 2]);
  });

  it('reports a middleware nobody provided, with the YAML location', async () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml(`
buses:
  command_bus:
    middleware:
      - doctrine_transaction
`),
    });
    await assert.rejects(createMessenger({ projectDir }), (error: Error) => {
      assert.match(
        error.message,
        /messenger\.yaml:6:13: Middleware "doctrine_transaction" of bus "command_bus" is not available/,
      );
      assert.match(error.message, /createMessenger\(\{ middleware:/);
      return true;
    });
  });
});
