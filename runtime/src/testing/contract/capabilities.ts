import assert from 'node:assert/strict';
import type { Envelope } from '../../Envelope.js';
import { AvailableAtStamp } from '../../stamp/AvailableAtStamp.js';
import { DelayStamp } from '../../stamp/DelayStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import type {
  KeepaliveReceiver,
  ListableReceiver,
  MessageCountAware,
  MonitorableTransport,
  QueueReceiver,
  ReleasingReceiver,
  SetupableTransport,
  Transport,
  TransportCapabilities,
  WakingReceiver,
} from '../../transport/Transport.js';
import type { ContractTest } from './contractTest.js';
import type { ContractRun } from './harness.js';
import { note, texts } from './messages.js';
import type { TransportContractOptions } from './options.js';

const idOf = (envelope: Envelope): string => String(envelope.last(TransportMessageIdStamp)?.id);

/** The tests of each capability the transport declares. */
export function capabilityTests(test: ContractTest, options: TransportContractOptions): void {
  const declared: TransportCapabilities = options.capabilities;
  if (declared.delays) delayTests(test);
  if (declared.redelivery) redeliveryTests(test, options, declared.keepalive === true);
  if (declared.listable) listingTests(test);
  if (declared.messageCount) countTests(test, declared.delays === true);
  if (declared.setup) setupTests(test);
  if (declared.queues) queueTests(test);
  if (declared.waking) wakingTests(test);
  if (declared.monitoring) monitoringTests(test);
  if (declared.release) releaseTests(test);
}

function releaseTests(test: ContractTest): void {
  test('release() gives taken messages back at once, in their place', async (run) => {
    const transport = (await run.transport()) as Transport & ReleasingReceiver;
    for (const text of ['a', 'b', 'c']) await transport.send(note(text));
    const taken = await run.receive('the first messages', () => transport.get({ maxMessages: 2 }));
    const [first, ...rest] = taken;
    await transport.release(rest);
    await transport.ack(first!);
    const again: Envelope[] = [];
    while (again.length < 2) {
      const more = await run.receive('the released message and the one after it', () =>
        transport.get({ maxMessages: 2 }),
      );
      again.push(...more);
    }
    assert.deepEqual(texts(again), ['b', 'c'], 'the released message is taken again before the ones after it');
    for (const envelope of again) await transport.ack(envelope);
    assert.deepEqual(await transport.get(), []);
  });
}

function delayTests(test: ContractTest): void {
  test('does not hand out a delayed message before it is due', async (run) => {
    const transport = await run.transport();
    const delay = 1000;
    await transport.send(note('later', [new DelayStamp(delay)]));
    await transport.send(note('now'));
    const [now] = await transport.get();
    assert.deepEqual(texts([now!]), ['now']);
    await transport.ack(now!);
    assert.deepEqual(await transport.get(), [], 'the delayed message is not due yet');
    await run.pass(delay);
    const [later] = await run.receive('the delayed message, once due', () => transport.get());
    assert.deepEqual(texts([later!]), ['later']);
    await transport.ack(later!);
  });
}

function redeliveryTests(test: ContractTest, options: TransportContractOptions, keepalive: boolean): void {
  const timeout = options.redelivery?.timeout;
  const onClose = options.redelivery?.onClose === true;
  if (timeout === undefined)
    throw new TypeError(
      'describeTransportContract: capabilities.redelivery needs the redelivery option (its timeout).',
    );
  test('delivers a message again once its consumer died without acknowledging it', async (run) => {
    const dying = await run.transport();
    await dying.send(note('orphan'));
    const [taken] = await dying.get();
    assert.deepEqual(texts([taken!]), ['orphan']);
    await dying.close?.();
    const live = await run.transport();
    if (!onClose) {
      assert.deepEqual(await live.get(), [], 'not before the redelivery timeout');
      await run.pass(timeout + 1, run.redeliveryIsReal);
    }
    const [again] = await run.receive('the message of the consumer that died', () => live.get());
    assert.deepEqual(texts([again!]), ['orphan']);
    await live.ack(again!);
    assert.deepEqual(await live.get(), []);
  });
  if (onClose)
    test('delivers a message again once its consumer, still connected, let the redelivery timeout pass', async (run) => {
      const stalled = await run.transport();
      await stalled.send(note('stalled'));
      const [taken] = await stalled.get();
      assert.deepEqual(texts([taken!]), ['stalled']);
      const live = await run.transport();
      assert.deepEqual(await live.get(), [], 'not before the redelivery timeout');
      await run.pass(timeout + 1, run.redeliveryIsReal);
      const [again] = await run.receive('the message of the stalled consumer', () => live.get());
      assert.deepEqual(texts([again!]), ['stalled']);
      await live.ack(again!);
    });
  if (!keepalive) return;
  test('keepalive() keeps a message in progress from being delivered again', async (run) => {
    const worker = (await run.transport()) as Transport & KeepaliveReceiver;
    await worker.send(note('long'));
    const [taken] = await worker.get();
    const other = await run.transport();
    for (let i = 1; i <= 3; i++) {
      await run.pass(timeout / 2, run.redeliveryIsReal);
      await worker.keepalive(taken!);
      assert.deepEqual(await other.get(), [], `still in progress after keepalive #${i}`);
    }
    await worker.ack(taken!);
  });
}

function listingTests(test: ContractTest): void {
  test('lists the waiting messages a page at a time, and finds them by id', async (run) => {
    const transport = (await run.transport()) as Transport & ListableReceiver;
    const sent: Envelope[] = [];
    for (let i = 0; i < 5; i++) sent.push(await transport.send(note(`p${i}`)));
    assert.deepEqual(texts(await transport.all()), ['p0', 'p1', 'p2', 'p3', 'p4']);
    const pages = [
      await transport.all(2),
      await transport.all(2, 2),
      await transport.all(2, 4),
      await transport.all(2, 6),
    ];
    assert.deepEqual(pages.map(texts), [['p0', 'p1'], ['p2', 'p3'], ['p4'], []]);
    for (const envelope of sent) {
      const found = await transport.find(idOf(envelope));
      assert.equal(found && idOf(found), idOf(envelope));
      assert.deepEqual(texts([found!]), texts([envelope]));
    }
    assert.equal(await transport.find('no-such-id'), undefined);
    assert.equal(await transport.find(''), undefined);
  });

  test('a message found by id can be removed (failed:remove) or acknowledged (failed:retry)', async (run) => {
    const transport = (await run.transport()) as Transport & ListableReceiver;
    const a = await transport.send(note('a'));
    const b = await transport.send(note('b'));
    await transport.reject((await transport.find(idOf(a)))!);
    await transport.ack((await transport.find(idOf(b)))!);
    assert.deepEqual(await transport.all(), []);
    assert.deepEqual(await transport.get(), [], 'nor handed out afterwards');
  });

  test('does not list a message in progress', async (run) => {
    const transport = (await run.transport()) as Transport & ListableReceiver;
    await transport.send(note('taken'));
    await transport.send(note('waiting'));
    const [taken] = await transport.get();
    assert.deepEqual(texts(await transport.all()), ['waiting']);
    await transport.ack(taken!);
  });
}

function countTests(test: ContractTest, delays: boolean): void {
  test('counts the messages waiting to be taken', async (run) => {
    const transport = (await run.transport()) as Transport & MessageCountAware;
    assert.equal(await transport.getMessageCount(), 0);
    for (const text of ['1', '2', '3']) await transport.send(note(text));
    if (delays) await transport.send(note('later', [new DelayStamp(60_000)]));
    assert.equal(await transport.getMessageCount(), 3, delays ? 'a delayed message is not counted' : undefined);
    const [taken] = await transport.get();
    assert.equal(await transport.getMessageCount(), 2, 'a message in progress is not counted');
    await transport.ack(taken!);
    assert.equal(await transport.getMessageCount(), 2);
  });
}

function setupTests(test: ContractTest): void {
  test('setup() can run again, before and after messages are sent', async (run) => {
    const transport = (await run.transport()) as Transport & SetupableTransport;
    await transport.setup();
    await transport.setup();
    await transport.send(note('after setup'));
    await transport.setup();
    const [envelope] = await transport.get();
    assert.deepEqual(texts([envelope!]), ['after setup']);
    await transport.ack(envelope!);
  });
}

function queueTests(test: ContractTest): void {
  test('takes from several queues of one store (getFromQueues), and only from those', async (run) => {
    const high = await run.transport({ queueName: 'high' });
    const low = await run.transport({ queueName: 'low' });
    const consumer = (await run.transport()) as Transport & QueueReceiver;
    await high.send(note('h'));
    await low.send(note('l'));
    await consumer.send(note('d'));
    const taken: string[] = [];
    while (taken.length < 2) {
      const envelopes = await run.receive('messages of high and low', () => consumer.getFromQueues(['high', 'low']));
      taken.push(...texts(envelopes));
      for (const envelope of envelopes) await consumer.ack(envelope);
    }
    assert.deepEqual(taken.sort(), ['h', 'l']);
    assert.deepEqual(await consumer.getFromQueues(['high', 'low']), []);
    const [own] = await consumer.get();
    assert.deepEqual(texts([own!]), ['d']);
    await consumer.ack(own!);
  });
}

function wakingTests(test: ContractTest): void {
  test('wakes an idle consumer when a message arrives, and when its signal aborts', async (run) => {
    const idle = (await run.transport()) as Transport & WakingReceiver;
    assert.deepEqual(await idle.get(), []);
    const arrived = new AbortController();
    const woken = idle.waitForMessages(arrived.signal);
    await (await run.transport()).send(note('wake up'));
    await within(run, woken, 'waitForMessages() to resolve after a message was sent');
    arrived.abort();
    const [envelope] = await run.receive('the message that woke the consumer', () => idle.get());
    assert.deepEqual(texts([envelope!]), ['wake up']);
    await idle.ack(envelope!);
    const stopping = new AbortController();
    const waiting = idle.waitForMessages(stopping.signal);
    stopping.abort();
    await within(run, waiting, 'waitForMessages() to resolve once its signal aborted');
  });
}

function monitoringTests(test: ContractTest): void {
  test('monitoring: a snapshot counts the waiting messages, dates the oldest, and changes revision', async (run) => {
    const monitor = (await run.transport()) as Transport & MonitorableTransport;
    const empty = await monitor.getQueueSnapshot();
    assert.equal(empty.count, 0);
    assert.equal(empty.oldestAvailableAt, null);
    assert.ok(empty.consumers === null || empty.consumers >= 0, `consumers: ${empty.consumers}`);
    const sender = await run.transport();
    await sender.send(note('first'));
    await sender.send(note('second'));
    const two = await monitor.getQueueSnapshot();
    assert.equal(two.count, 2);
    assert.equal(typeof two.oldestAvailableAt, 'number');
    // The backend may date messages with its own clock (Redis): only roughly the test's time.
    assert.ok(Math.abs(two.oldestAvailableAt! - run.clock.now()) < 300_000, `oldest: ${two.oldestAvailableAt}`);
    assert.notEqual(two.revision, empty.revision, 'sending changes the revision');
    const [taken] = await sender.get();
    assert.ok(taken!.last(AvailableAtStamp) !== undefined, 'get() stamps when the message became available');
    await sender.ack(taken!);
    const one = await monitor.getQueueSnapshot();
    assert.equal(one.count, 1);
    assert.notEqual(one.revision, two.revision, 'acknowledging changes the revision');
  });

  test('monitoring: waitForChange() ends at its timeout at the latest, and at once when its signal aborts', async (run) => {
    const monitor = (await run.transport()) as Transport & MonitorableTransport;
    await within(run, monitor.waitForChange(new AbortController().signal, 50), 'waitForChange() to time out');
    const stopping = new AbortController();
    const waiting = monitor.waitForChange(stopping.signal, 600_000);
    stopping.abort();
    await within(run, waiting, 'waitForChange() to resolve once its signal aborted');
  });
}

async function within(run: ContractRun, promise: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${run.timeout} ms waiting for ${what}.`)), run.timeout);
  });
  try {
    await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
