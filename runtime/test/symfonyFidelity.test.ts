import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AsMessageHandler,
  createMessenger,
  DelayedMessageHandlingException,
  DispatchAfterCurrentBusStamp,
  type Envelope,
  ErrorDetailsStamp,
  HandlerFailedException,
  type MessageBusInterface,
  RuntimeException,
} from '../src/index.js';
import { messengerYaml, tempProject } from './support/tempProject.js';

/** Details of Symfony Messenger 5.4 that a side-by-side run showed, kept exactly. */

class Charge {}
class Receipt {
  constructor(readonly fail: string | undefined = undefined) {}
}

class CardDeclined extends Error {
  readonly code = 402;
}
class BoomError extends Error {}
class NamedError extends Error {
  override name = 'Custom';
}

const failureOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => assert.fail('expected the dispatch to fail'),
    (error: unknown) => error,
  );

describe('HandlerFailedException', () => {
  it('has the code of the first failure, as in Symfony', async () => {
    class Handlers {
      @AsMessageHandler(Charge, { priority: 2 }) first(): void {
        throw new CardDeclined('declined');
      }
      @AsMessageHandler(Charge, { priority: 1 }) second(): void {
        throw Object.assign(new Error('second'), { code: 7 });
      }
    }
    const messenger = await createMessenger({ projectDir: tempProject(), handlers: [new Handlers()] });
    const failure = await failureOf(messenger.dispatch(new Charge()));
    assert.ok(failure instanceof HandlerFailedException);
    assert.equal(failure.code, 402);
  });

  it('casts the code as PHP does: a numeric string gives its number, anything else 0', async () => {
    const codeOf = async (code: unknown): Promise<number> => {
      class Once {
        @AsMessageHandler(Charge) fail(): void {
          throw Object.assign(new Error('x'), { code });
        }
      }
      const messenger = await createMessenger({ projectDir: tempProject(), handlers: [new Once()] });
      return ((await failureOf(messenger.dispatch(new Charge()))) as HandlerFailedException).code;
    };
    assert.equal(await codeOf('23000'), 23000);
    assert.equal(await codeOf('ECONNREFUSED'), 0);
    assert.equal(await codeOf(undefined), 0);
    assert.equal(await codeOf(12.7), 12);
  });
});

describe('ErrorDetailsStamp', () => {
  it("records the error's class: the constructor's name unless the class set its own name", () => {
    assert.equal(ErrorDetailsStamp.create(new BoomError('boom')).exceptionClass, 'BoomError');
    assert.equal(ErrorDetailsStamp.create(new NamedError('x')).exceptionClass, 'Custom');
    assert.equal(ErrorDetailsStamp.create(new TypeError('x')).exceptionClass, 'TypeError');
    assert.equal(ErrorDetailsStamp.create(new RuntimeException('x')).exceptionClass, 'RuntimeException');
    assert.equal(
      ErrorDetailsStamp.create(new Error('outer', { cause: new BoomError('inner') })).flattenException?.previous?.class,
      'BoomError',
    );
  });
});

/** A handler that dispatches a receipt after the current bus; the receipt handler may fail. */
async function receiptApp(returned: Envelope[]) {
  class ChargeHandler {
    constructor(private readonly bus: MessageBusInterface) {}
    @AsMessageHandler(Charge) async charge(): Promise<void> {
      returned.push(await this.bus.dispatch(new Receipt(), [new DispatchAfterCurrentBusStamp()]));
      returned.push(await this.bus.dispatch(new Receipt('first receipt lost'), [new DispatchAfterCurrentBusStamp()]));
      returned.push(await this.bus.dispatch(new Receipt('second receipt lost'), [new DispatchAfterCurrentBusStamp()]));
    }
  }
  class ReceiptHandler {
    @AsMessageHandler(Receipt) send(receipt: Receipt): void {
      if (receipt.fail !== undefined) throw new BoomError(receipt.fail);
    }
  }
  return createMessenger({
    projectDir: tempProject({ 'config/packages/messenger.yaml': messengerYaml('buses:\n  messenger.bus.default: ~') }),
    handlers: [({ getBus }) => new ChargeHandler(getBus()), new ReceiptHandler()],
  });
}

describe('DispatchAfterCurrentBusMiddleware', () => {
  it('returns the envelope it queued unchanged, DispatchAfterCurrentBusStamp included', async () => {
    const returned: Envelope[] = [];
    const messenger = await receiptApp(returned);
    await failureOf(messenger.dispatch(new Charge()));
    assert.equal(returned.length, 3);
    for (const envelope of returned) assert.ok(envelope.last(DispatchAfterCurrentBusStamp) !== undefined);
  });

  it("DelayedMessageHandlingException lists each failure as '<class>: <message>', worded as Symfony words it", async () => {
    const messenger = await receiptApp([]);
    const failure = await failureOf(messenger.dispatch(new Charge()));
    assert.ok(failure instanceof DelayedMessageHandlingException);
    assert.equal(
      failure.message,
      'Some delayed message handlers threw an exception: \n\n' +
        'HandlerFailedException: Handling "Receipt" failed: first receipt lost, \n' +
        'HandlerFailedException: Handling "Receipt" failed: second receipt lost',
    );
    const one = new DelayedMessageHandlingException([new BoomError('lost')], undefined);
    assert.equal(one.message, 'A delayed message handler threw an exception: \n\nBoomError: lost');
  });
});
