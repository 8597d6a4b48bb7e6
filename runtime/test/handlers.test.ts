import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AsMessageHandler,
  createMessenger,
  handle,
  HandledStamp,
  HandlerFailedException,
  NoHandlerForMessageException,
  ReceivedStamp,
} from '../src/index.js';
import { messengerYaml, tempProject } from './support/tempProject.js';

const busesYaml = messengerYaml(`
default_bus: command.bus
buses:
  command.bus: ~
  query.bus: ~
  event.bus:
    default_middleware: allow_no_handlers
`);

describe('handlers', () => {
  it('records a HandledStamp with the result and the handler name', async () => {
    class GetTotal {}
    @AsMessageHandler(GetTotal)
    class GetTotalHandler {
      __invoke(_query: GetTotal): number {
        return 42;
      }
    }
    const messenger = await createMessenger({ projectDir: tempProject(), handlers: [GetTotalHandler] });
    const envelope = await messenger.dispatch(new GetTotal());
    const stamp = envelope.last(HandledStamp);
    assert.equal(stamp?.result, 42);
    assert.equal(stamp?.handlerName, 'GetTotalHandler::__invoke');
  });

  it('records a HandledStamp for a handler that returns nothing, sync or async, on every dispatch', async () => {
    class Notify {}
    class Handlers {
      @AsMessageHandler(Notify) now(_message: Notify): void {}
      @AsMessageHandler(Notify) async later(_message: Notify): Promise<void> {}
    }
    const messenger = await createMessenger({ projectDir: tempProject(), handlers: [Handlers] });
    for (let dispatch = 0; dispatch < 2; dispatch++) {
      const stamps = (await messenger.dispatch(new Notify())).all(HandledStamp);
      assert.deepEqual(
        stamps.map((stamp) => [stamp.handlerName, stamp.result]),
        [
          ['Handlers::now', undefined],
          ['Handlers::later', undefined],
        ],
      );
    }
  });

  it('handle() returns the single result, and refuses zero or several handlers', async () => {
    class One {}
    class None {}
    class Twice {}
    class Handlers {
      @AsMessageHandler(One) one(_m: One): string {
        return 'the result';
      }

      @AsMessageHandler(Twice) first(_m: Twice): number {
        return 1;
      }

      @AsMessageHandler(Twice) second(_m: Twice): number {
        return 2;
      }
    }
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml(`
buses:
  query.bus:
    default_middleware: allow_no_handlers
`),
    });
    const messenger = await createMessenger({ projectDir, handlers: [new Handlers()] });
    assert.equal(await handle<string>(messenger.bus, new One()), 'the result');
    await assert.rejects(
      handle(messenger.bus, new None()),
      /Message of type "None" was handled zero times\. Exactly one handler is expected/,
    );
    await assert.rejects(
      handle(messenger.bus, new Twice()),
      /handled multiple times.*got 2: "Handlers::first", "Handlers::second"/,
    );
  });

  it('throws NoHandlerForMessageException unless the bus allows no handlers', async () => {
    class Orphan {}
    const messenger = await createMessenger({
      projectDir: tempProject({ 'config/packages/messenger.yaml': busesYaml }),
    });
    await assert.rejects(
      messenger.getBus('command.bus').dispatch(new Orphan()),
      (e: Error) => e instanceof NoHandlerForMessageException && /No handler for message "Orphan"/.test(e.message),
    );
    const envelope = await messenger.getBus('event.bus').dispatch(new Orphan());
    assert.equal(envelope.all(HandledStamp).length, 0);
  });

  it('runs every handler even when some fail, and reports the failures together', async () => {
    class Event {}
    const ran: string[] = [];
    class Listeners {
      @AsMessageHandler(Event, { priority: 3 }) failsFirst(): void {
        ran.push('failsFirst');
        throw new Error('first failure');
      }

      @AsMessageHandler(Event, { priority: 2 }) succeeds(): string {
        ran.push('succeeds');
        return 'ok';
      }

      @AsMessageHandler(Event, { priority: 1 }) failsToo(): void {
        ran.push('failsToo');
        throw new TypeError('second failure');
      }
    }
    const messenger = await createMessenger({ projectDir: tempProject(), handlers: [new Listeners()] });
    const failure = await messenger.dispatch(new Event()).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.deepEqual(ran, ['failsFirst', 'succeeds', 'failsToo']);
    assert.ok(failure instanceof HandlerFailedException);
    assert.equal(failure.message, 'Handling "Event" failed: 2 handlers failed. First failure is: first failure');
    assert.deepEqual([...failure.exceptions.keys()], ['Listeners::failsFirst', 'Listeners::failsToo']);
    assert.equal(failure.getWrappedExceptions(TypeError).length, 1);
    // The successful handler's stamp rides along, so a retry would skip it.
    assert.deepEqual(
      failure.envelope.all(HandledStamp).map((s) => s.handlerName),
      ['Listeners::succeeds'],
    );
    ran.length = 0;
    await assert.rejects(messenger.dispatch(failure.envelope));
    assert.deepEqual(ran, ['failsFirst', 'failsToo']);
  });

  it('runs handlers by priority, highest first, keeping declaration order on ties', async () => {
    class Tick {}
    const order: string[] = [];
    const make = (name: string, priority?: number) => {
      @AsMessageHandler(Tick, priority === undefined ? {} : { priority })
      class Handler {
        __invoke(): void {
          order.push(name);
        }
      }
      Object.defineProperty(Handler, 'name', { value: name });
      return Handler;
    };
    const messenger = await createMessenger({
      projectDir: tempProject(),
      handlers: [make('low', -5), make('zeroA'), make('high', 10), make('zeroB')],
    });
    await messenger.dispatch(new Tick());
    assert.deepEqual(order, ['high', 'zeroA', 'zeroB', 'low']);
  });

  it('registers a handler only on its bus when `bus` is set, on every bus otherwise', async () => {
    class DoIt {}
    @AsMessageHandler(DoIt, { bus: 'command.bus' })
    class OnCommandBus {
      __invoke(): string {
        return 'command';
      }
    }
    @AsMessageHandler(DoIt)
    class Everywhere {
      __invoke(): string {
        return 'everywhere';
      }
    }
    const messenger = await createMessenger({
      projectDir: tempProject({ 'config/packages/messenger.yaml': busesYaml }),
      handlers: [OnCommandBus, Everywhere],
    });
    const onCommand = await messenger.getBus('command.bus').dispatch(new DoIt());
    const onQuery = await messenger.getBus('query.bus').dispatch(new DoIt());
    assert.deepEqual(
      onCommand.all(HandledStamp).map((s) => s.result),
      ['command', 'everywhere'],
    );
    assert.deepEqual(
      onQuery.all(HandledStamp).map((s) => s.result),
      ['everywhere'],
    );
    const mapping = messenger.handlerMapping();
    assert.deepEqual(mapping.buses.find((b) => b.name === 'command.bus')?.messages[0]?.handlers, [
      { handler: 'OnCommandBus', options: { bus: 'command.bus' } },
      { handler: 'Everywhere', options: {} },
    ]);
  });

  it('runs a fromTransport handler only for messages received from that transport', async () => {
    class Upload {}
    const ran: string[] = [];
    class Handlers {
      @AsMessageHandler(Upload, { fromTransport: 'image_transport' }) thumbnail(): void {
        ran.push('thumbnail');
      }

      @AsMessageHandler(Upload) always(): void {
        ran.push('always');
      }
    }
    const messenger = await createMessenger({ projectDir: tempProject(), handlers: [new Handlers()] });
    await messenger.dispatch(new Upload(), [new ReceivedStamp('other')]);
    assert.deepEqual(ran, ['always']);
    ran.length = 0;
    await messenger.dispatch(new Upload(), [new ReceivedStamp('image_transport')]);
    assert.deepEqual(ran, ['thumbnail', 'always']);
    ran.length = 0;
    await messenger.dispatch(new Upload());
    assert.deepEqual(ran, ['thumbnail', 'always'], 'a direct dispatch runs every handler');
  });

  it('uses the `method` option of a class decorator', async () => {
    class Hello {}
    @AsMessageHandler(Hello, { method: 'greet' })
    class Greeter {
      greet(_m: Hello): string {
        return 'hello';
      }
    }
    const messenger = await createMessenger({ projectDir: tempProject(), handlers: [Greeter] });
    assert.equal((await messenger.dispatch(new Hello())).last(HandledStamp)?.handlerName, 'Greeter::greet');
  });

  it('rejects handler declarations that cannot work, naming the class', async () => {
    class Msg {}
    @AsMessageHandler(Msg, { bus: 'nope.bus' })
    class WrongBus {
      __invoke(): void {}
    }
    // @ts-expect-error: the decorator's types refuse a method the class does not have; the runtime must too.
    @AsMessageHandler(Msg, { method: 'missing' } as { method: 'missing' })
    class WrongMethod {
      __invoke(): void {}
    }
    class Undecorated {
      __invoke(): void {}
    }
    await assert.rejects(
      createMessenger({ projectDir: tempProject(), handlers: [WrongBus, WrongMethod as never, new Undecorated()] }),
      (e: Error) => {
        assert.match(
          e.message,
          /Bus "nope\.bus" of handler WrongBus::__invoke does not exist\. Configured buses: messenger\.bus\.default\./,
        );
        assert.match(e.message, /WrongMethod has no method "missing" to handle messages with/);
        assert.match(e.message, /Undecorated has no @AsMessageHandler on the class or its methods/);
        return true;
      },
    );
  });

  it('refuses @AsMessageHandler without a message class, explaining why', () => {
    assert.throws(
      () => (AsMessageHandler as (x?: unknown) => unknown)(),
      /needs the message class.*Types are erased at run time/s,
    );
  });

  it('also works with legacy experimentalDecorators call shapes', async () => {
    class Legacy {}
    class LegacyClassHandler {
      __invoke(): string {
        return 'class';
      }
    }
    class LegacyMethodHandler {
      onLegacy(): string {
        return 'method';
      }
    }
    // What TypeScript emits under experimentalDecorators: (constructor) and (prototype, key, descriptor).
    const decorate = AsMessageHandler(Legacy) as (...args: unknown[]) => void;
    decorate(LegacyClassHandler);
    decorate(
      LegacyMethodHandler.prototype,
      'onLegacy',
      Object.getOwnPropertyDescriptor(LegacyMethodHandler.prototype, 'onLegacy'),
    );
    const messenger = await createMessenger({
      projectDir: tempProject(),
      handlers: [LegacyClassHandler, new LegacyMethodHandler()],
    });
    const envelope = await messenger.dispatch(new Legacy());
    assert.deepEqual(
      envelope.all(HandledStamp).map((s) => s.result),
      ['class', 'method'],
    );
  });

  it('builds handlers from factories that receive the buses', async () => {
    class Outer {}
    class Inner {}
    const handled: string[] = [];
    @AsMessageHandler(Inner)
    class InnerHandler {
      __invoke(): void {
        handled.push('inner');
      }
    }
    class OuterHandler {
      constructor(private readonly bus: { dispatch(m: object): Promise<unknown> }) {}
      @AsMessageHandler(Outer) async handle(): Promise<void> {
        await this.bus.dispatch(new Inner());
        handled.push('outer');
      }
    }
    const messenger = await createMessenger({
      projectDir: tempProject(),
      handlers: [InnerHandler, ({ getBus }) => new OuterHandler(getBus())],
    });
    await messenger.dispatch(new Outer());
    assert.deepEqual(handled, ['inner', 'outer']);
  });
});
