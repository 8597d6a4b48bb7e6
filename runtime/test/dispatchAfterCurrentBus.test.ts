import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import {
  AsMessageHandler,
  createMessenger,
  DelayedMessageHandlingException,
  DispatchAfterCurrentBusStamp,
  type MessageBusInterface,
} from '../src/index.js';
import { messengerYaml, tempProject } from './support/tempProject.js';

class PlaceOrder {
  constructor(
    readonly id: number,
    readonly fail = false,
  ) {}
}
class OrderPlaced {
  constructor(readonly id: number) {}
}
class SendReceipt {
  constructor(readonly id: number) {}
}

/** A command handler that emits an event after the current bus, and may then fail. */
function scenario(log: string[], options: { receiptFails?: boolean; slowOrder?: number } = {}) {
  class PlaceOrderHandler {
    constructor(private readonly events: MessageBusInterface) {}
    @AsMessageHandler(PlaceOrder, { bus: 'command.bus' }) async place(command: PlaceOrder): Promise<void> {
      log.push(`place ${command.id}`);
      await this.events.dispatch(new OrderPlaced(command.id), [new DispatchAfterCurrentBusStamp()]);
      if (options.slowOrder === command.id) await sleep(30);
      log.push(`placed ${command.id}`);
      if (command.fail) throw new Error(`order ${command.id} rejected`);
    }
  }
  class OrderPlacedHandler {
    constructor(private readonly commands: MessageBusInterface) {}
    @AsMessageHandler(OrderPlaced, { bus: 'event.bus' }) async onPlaced(event: OrderPlaced): Promise<void> {
      log.push(`event ${event.id}`);
      await this.commands.dispatch(new SendReceipt(event.id), [new DispatchAfterCurrentBusStamp()]);
      if (options.receiptFails) throw new Error('event handler failed');
    }
  }
  @AsMessageHandler(SendReceipt, { bus: 'command.bus' })
  class SendReceiptHandler {
    __invoke(command: SendReceipt): void {
      log.push(`receipt ${command.id}`);
    }
  }
  return createMessenger({
    projectDir: tempProject({
      'config/packages/messenger.yaml': messengerYaml(
        'default_bus: command.bus\nbuses:\n  command.bus: ~\n  event.bus: ~',
      ),
    }),
    handlers: [
      ({ getBus }) => new PlaceOrderHandler(getBus('event.bus')),
      ({ getBus }) => new OrderPlacedHandler(getBus('command.bus')),
      SendReceiptHandler,
    ],
  });
}

/** A messenger with this PlaceOrder handler, on the default bus, and one that logs each OrderPlaced. */
function withEventLog(log: string[], placeOrderHandler: (bus: MessageBusInterface) => object) {
  class Placed {
    @AsMessageHandler(OrderPlaced) onPlaced(event: OrderPlaced): void {
      log.push(`event ${event.id}`);
    }
  }
  return createMessenger({
    projectDir: tempProject(),
    handlers: [({ getBus }) => placeOrderHandler(getBus()), new Placed()],
  });
}

describe('DispatchAfterCurrentBusStamp', () => {
  it('holds messages dispatched inside a handler until that handler succeeds', async () => {
    const log: string[] = [];
    const messenger = await scenario(log);
    await messenger.dispatch(new PlaceOrder(1));
    // The event waits for "placed 1"; the receipt it dispatches waits for the event handler.
    assert.deepEqual(log, ['place 1', 'placed 1', 'event 1', 'receipt 1']);
  });

  it('drops them when the handler fails', async () => {
    const log: string[] = [];
    const messenger = await scenario(log);
    await assert.rejects(messenger.dispatch(new PlaceOrder(2, true)), /order 2 rejected/);
    assert.deepEqual(log, ['place 2', 'placed 2']);
  });

  it('reports a failing held-back message, and drops what that message had queued', async () => {
    const log: string[] = [];
    const messenger = await scenario(log, { receiptFails: true });
    const failure = await messenger.dispatch(new PlaceOrder(3)).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(failure instanceof DelayedMessageHandlingException);
    assert.match(
      failure.message,
      /A delayed message handler threw an exception: \n\nHandlerFailedException: .*event handler failed/,
    );
    assert.deepEqual(log, ['place 3', 'placed 3', 'event 3']);
  });

  it('holds the very first stamped message too, from a sync handler or after an await (the bus tracks dispatches from then on)', async () => {
    for (const kind of ['sync', 'async'] as const) {
      const log: string[] = [];
      class Place {
        constructor(readonly bus: MessageBusInterface) {}
        @AsMessageHandler(PlaceOrder) place(command: PlaceOrder): void | Promise<void> {
          const emit = (): void => {
            void this.bus.dispatch(new OrderPlaced(command.id), [new DispatchAfterCurrentBusStamp()]);
            log.push(`placed ${command.id}`);
          };
          if (kind === 'sync') return emit();
          return sleep(5).then(emit);
        }
      }
      const messenger = await withEventLog(log, (bus) => new Place(bus));
      // Messages without the stamp first: the bus does not track dispatches yet.
      await messenger.dispatch(new OrderPlaced(0));
      await messenger.dispatch(new PlaceOrder(1));
      assert.deepEqual(log, ['event 0', 'placed 1', 'event 1'], `${kind} handler`);
      await messenger.dispatch(new PlaceOrder(2));
      assert.deepEqual(log.slice(3), ['placed 2', 'event 2'], `${kind} handler, once tracking`);
    }
  });

  it('before tracking, holds a message stamped after an await until every dispatch then in progress has ended; drops it if one fails', async () => {
    for (const otherFails of [false, true]) {
      const log: string[] = [];
      let releaseOther!: () => void;
      const otherMayEnd = new Promise<void>((resolve) => {
        releaseOther = resolve;
      });
      class Place {
        constructor(readonly bus: MessageBusInterface) {}
        @AsMessageHandler(PlaceOrder) async place(command: PlaceOrder): Promise<void> {
          if (command.id === 2) {
            await otherMayEnd;
            if (command.fail) throw new Error(`order ${command.id} rejected`);
            return;
          }
          await sleep(1);
          void this.bus.dispatch(new OrderPlaced(command.id), [new DispatchAfterCurrentBusStamp()]);
          log.push(`placed ${command.id}`);
        }
      }
      const messenger = await withEventLog(log, (bus) => new Place(bus));
      // Order 2 is in progress, untracked, when order 1's handler sends its event after an await:
      // nothing tells the bus which of the two sent it.
      const other = messenger.dispatch(new PlaceOrder(2, otherFails));
      await messenger.dispatch(new PlaceOrder(1));
      assert.deepEqual(log, ['placed 1'], 'held while order 2 is in progress');
      releaseOther();
      if (otherFails) {
        await assert.rejects(other, /order 2 rejected/);
        assert.deepEqual(log, ['placed 1'], 'dropped: a dispatch it may have come from failed');
      } else {
        await other;
        assert.deepEqual(log, ['placed 1', 'event 1'], 'dispatched once both have ended');
      }
    }
  });

  it('never holds a message back for another, concurrent dispatch', async () => {
    const log: string[] = [];
    const messenger = await scenario(log, { slowOrder: 10 });
    // Order 10 is slow; order 11 runs meanwhile. Its event must not wait for (or die with) order 10.
    const slow = messenger.dispatch(new PlaceOrder(10, true));
    await messenger.dispatch(new PlaceOrder(11));
    assert.ok(log.includes('receipt 11'), 'order 11 completed while order 10 was still running');
    assert.ok(!log.includes('placed 10'));
    await assert.rejects(slow, /order 10 rejected/);
    assert.ok(!log.includes('event 10'), 'order 10 failed, so its event was dropped');
  });

  it('dispatches at once a message stamped after its root dispatch has finished (e.g. from a timer)', async () => {
    const log: string[] = [];
    let timerDone: Promise<void> | undefined;
    class LaterHandler {
      constructor(private readonly commands: MessageBusInterface) {}
      @AsMessageHandler(OrderPlaced, { bus: 'command.bus' }) onPlaced(event: OrderPlaced): void {
        log.push(`placed ${event.id}`);
        // Not awaited: the timer fires after this dispatch is over, in its async context.
        timerDone = sleep(10).then(async () => {
          await this.commands.dispatch(new SendReceipt(event.id), [new DispatchAfterCurrentBusStamp()]);
          log.push(`dispatched receipt ${event.id}`);
        });
      }
    }
    @AsMessageHandler(SendReceipt, { bus: 'command.bus' })
    class ReceiptHandler {
      __invoke(command: SendReceipt): void {
        log.push(`receipt ${command.id}`);
      }
    }
    const messenger = await createMessenger({
      projectDir: tempProject({
        'config/packages/messenger.yaml': messengerYaml('default_bus: command.bus\nbuses:\n  command.bus: ~'),
      }),
      handlers: [({ getBus }) => new LaterHandler(getBus('command.bus')), ReceiptHandler],
    });
    await messenger.dispatch(new OrderPlaced(5));
    assert.deepEqual(log, ['placed 5']);
    await timerDone;
    assert.deepEqual(
      log,
      ['placed 5', 'receipt 5', 'dispatched receipt 5'],
      'handled at once, not queued in a finished dispatch',
    );
  });

  it('forgets a dispatch that ended or failed in its async handler, before tracking', async () => {
    const log: string[] = [];
    class Place {
      @AsMessageHandler(PlaceOrder) async place(command: PlaceOrder): Promise<void> {
        log.push(`place ${command.id}`);
        if (command.fail) throw new Error(`order ${command.id} rejected`);
      }
    }
    @AsMessageHandler(SendReceipt)
    class Receipt {
      __invoke(command: SendReceipt): void {
        log.push(`receipt ${command.id}`);
      }
    }
    const messenger = await createMessenger({ projectDir: tempProject(), handlers: [new Place(), Receipt] });
    await messenger.dispatch(new PlaceOrder(1));
    await assert.rejects(messenger.dispatch(new PlaceOrder(2, true)), /order 2 rejected/);
    // Outside any dispatch now: a dispatch still counted as in progress would hold this message for good.
    await messenger.dispatch(new SendReceipt(3), [new DispatchAfterCurrentBusStamp()]);
    assert.deepEqual(log, ['place 1', 'place 2', 'receipt 3']);
  });

  it('dispatches at once when used outside any dispatch', async () => {
    const log: string[] = [];
    const messenger = await scenario(log);
    await messenger.getBus('command.bus').dispatch(new SendReceipt(4), [new DispatchAfterCurrentBusStamp()]);
    assert.deepEqual(log, ['receipt 4']);
  });
});
