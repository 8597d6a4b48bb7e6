import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  type Acknowledger,
  AsMessageHandler,
  BatchHandler,
  type BatchJob,
  DelayStamp,
  type DoctrineTransport,
  Envelope,
  ErrorDetailsStamp,
  type Messenger,
  SentToFailureTransportStamp,
  TransportMessageIdStamp,
  UndecodableMessage,
  WorkerMessageHandledEvent,
  WorkerMessageReceivedEvent,
  WorkerRunningEvent,
  interpolate,
} from '../../src/index.js';
import { DATABASES, postgresDatabase, type TestDatabase } from '../support/databases.js';
import { StalledClock, within } from '../support/deadline.js';
import { Note, noteRecorder } from '../support/notes.js';
import { consumeUntil, MemoryLogger, messengerOn } from '../support/workerApp.js';

class Line {
  constructor(readonly n: number) {}
}

@AsMessageHandler(Line)
class LineBatchHandler extends BatchHandler<Line> {
  readonly batches: number[][] = [];

  __invoke(message: Line, ack?: Acknowledger): unknown {
    return this.handle(message, ack);
  }

  protected override getBatchSize(): number {
    return 5;
  }

  protected process(jobs: Array<BatchJob<Line>>): void {
    this.batches.push(jobs.map(([line]) => line.n));
    for (const [line, ack] of jobs) {
      if (line.n === 99) ack.nack(new Error('line 99 is corrupt'));
      else ack.ack(line.n * 10);
    }
  }
}

/** A batch handler whose bulk call fails: acks line 1, then throws (synchronously or not). */
@AsMessageHandler(Line)
class FailingBatchHandler extends BatchHandler<Line> {
  constructor(private readonly asynchronously: boolean) {
    super();
  }

  __invoke(message: Line, ack?: Acknowledger): unknown {
    return this.handle(message, ack);
  }

  protected override getBatchSize(): number {
    return 3;
  }

  protected process(jobs: Array<BatchJob<Line>>): void | Promise<void> {
    for (const [line, ack] of jobs) if (line.n === 1) ack.ack('done before the failure');
    if (!this.asynchronously) throw new Error('bulk index down');
    return Promise.reject(new Error('bulk index down'));
  }
}

const count = async (messenger: Messenger, transport: string): Promise<number> =>
  (await (messenger.getTransport(transport) as DoctrineTransport).all()).length;

for (const { platform, create } of DATABASES) {
  describe(`worker on ${platform}`, () => {
    const databases: TestDatabase[] = [];
    const messengers: Messenger[] = [];
    const app = async (
      yaml: string,
      options: Parameters<typeof messengerOn>[2] = {},
      db: TestDatabase = create(),
    ): Promise<Messenger> => {
      databases.push(db);
      const messenger = await messengerOn(db, yaml, options);
      messengers.push(messenger);
      return messenger;
    };
    after(async () => {
      for (const m of messengers) await m.close();
      for (const d of new Set(databases)) await d.cleanup();
    });
    /** Lines go to `async` and, failing once (no retries), to `failed`: the batch handler tests' app. */
    const batchApp = (handler: BatchHandler<Line>): Promise<Messenger> =>
      app(
        `
failure_transport: failed
transports:
  async: { dsn: %dsn(default)%, retry_strategy: { max_retries: 0 } }
  failed: %dsn(failed)%
routing:
  Line: async`,
        { handlers: [handler] },
      );

    it('consumes receivers in priority order: the first is drained before the next is looked at', async () => {
      const handled: string[] = [];
      const NoteHandler = noteRecorder(handled);
      const messenger = await app('transports:\n  high: %dsn(high)%\n  low: %dsn(low)%', {
        handlers: [NoteHandler],
        messages: [Note],
      });
      for (const [transport, text] of [
        ['low', 'low-1'],
        ['high', 'high-1'],
        ['low', 'low-2'],
        ['high', 'high-2'],
        ['low', 'low-3'],
      ] as const) {
        await messenger.getTransport(transport).send(Envelope.wrap(new Note(text)));
      }
      await consumeUntil(messenger, { receivers: ['high', 'low'] }, () => handled.length === 5);
      assert.deepEqual(handled, ['high-1', 'high-2', 'low-1', 'low-2', 'low-3']);
    });

    it('sends a row it cannot decode to the failure transport with the decoding error, and keeps running', async () => {
      const handled: string[] = [];
      const NoteHandler = noteRecorder(handled);
      const db = create();
      const messenger = await app(
        'failure_transport: failed\ntransports:\n  async: %dsn(default)%\n  failed: %dsn(failed)%\nrouting:\n  Note: async',
        { handlers: [NoteHandler], messages: [Note] },
        db,
      );
      await (messenger.getTransport('async') as DoctrineTransport).setup();
      await db.query(
        `INSERT INTO ${db.table} (body, headers, queue_name, created_at, available_at) VALUES (?, ?, 'default', '2020-01-01 00:00:00', '2020-01-01 00:00:00')`,
        ['{"broken', '{"type":"Note"}'],
      );
      await messenger.dispatch(new Note('after the broken one'));
      await consumeUntil(messenger, { receivers: ['async'] }, () => handled.length === 1);
      assert.deepEqual(handled, ['after the broken one']);
      const [failed] = await (messenger.getTransport('failed') as DoctrineTransport).all();
      assert.ok(failed!.message instanceof UndecodableMessage);
      assert.equal(failed!.message.body, '{"broken');
      assert.equal(failed!.last(SentToFailureTransportStamp)?.originalReceiverName, 'async');
      const error = failed!.last(ErrorDetailsStamp)!;
      assert.equal(error.exceptionClass, 'MessageDecodingFailedException');
      assert.match(error.exceptionMessage, /Could not decode message "Note": the body is not valid JSON/);
      assert.equal(await count(messenger, 'async'), 0);
    });

    it('keeps headers it cannot parse verbatim when it moves the message to the failure transport', async () => {
      const db = create();
      const messenger = await app(
        'failure_transport: failed\ntransports:\n  async: %dsn(default)%\n  failed: %dsn(failed)%',
        { messages: [Note] },
        db,
      );
      await (messenger.getTransport('async') as DoctrineTransport).setup();
      const brokenHeaders = '{"type":"Note", "X-Trace": "abc"';
      await db.query(
        `INSERT INTO ${db.table} (body, headers, queue_name, created_at, available_at) VALUES (?, ?, 'default', '2020-01-01 00:00:00', '2020-01-01 00:00:00')`,
        ['{"text":"kept"}', brokenHeaders],
      );
      let received = 0;
      await consumeUntil(
        messenger,
        { receivers: ['async'] },
        () => received === 1,
        (worker) => worker.on(WorkerMessageReceivedEvent, () => received++),
      );
      const [row] = await db.query<{ body: string; headers: string }>(
        `SELECT body, headers FROM ${db.table} WHERE queue_name = 'failed'`,
      );
      assert.equal(row?.body, '{"text":"kept"}');
      const stored = JSON.parse(row!.headers) as Record<string, string>;
      assert.equal(stored['X-Message-Undecodable-Headers'], brokenHeaders, 'the header text, as it was');
      const [failed] = await (messenger.getTransport('failed') as DoctrineTransport).all();
      assert.ok(failed!.message instanceof UndecodableMessage);
      assert.equal(failed!.message.headers['X-Message-Undecodable-Headers'], brokenHeaders);
      assert.match(failed!.last(ErrorDetailsStamp)!.exceptionMessage, /Could not decode the message headers/);
    });

    it('consuming the failure transport leaves a message it cannot decode there, with a warning, and does not spin on it', async () => {
      const handled: string[] = [];
      const NoteHandler = noteRecorder(handled);
      const db = create();
      const logger = new MemoryLogger();
      const messenger = await app(
        'failure_transport: failed\ntransports:\n  async: %dsn(default)%\n  failed: %dsn(failed)%',
        { handlers: [NoteHandler], messages: [Note], logger },
        db,
      );
      await (messenger.getTransport('async') as DoctrineTransport).setup();
      await db.query(
        `INSERT INTO ${db.table} (body, headers, queue_name, created_at, available_at) VALUES (?, ?, 'default', '2020-01-01 00:00:00', '2020-01-01 00:00:00')`,
        ['{"broken', '{"type":"Note"}'],
      );
      await consumeUntil(messenger, { receivers: ['async'] }, () => true);
      const failed = messenger.getTransport('failed') as DoctrineTransport;
      const [undecodable] = await failed.all();
      const id = undecodable!.last(TransportMessageIdStamp)!.id;
      await failed.send(Envelope.wrap(new Note('retried'), [new SentToFailureTransportStamp('async')]));
      let received = 0;
      let idle = 0;
      await consumeUntil(
        messenger,
        { receivers: ['failed'] },
        () => idle >= 4,
        (worker) => {
          worker.on(WorkerMessageReceivedEvent, () => received++);
          worker.on(WorkerRunningEvent, (event) => (idle += event.isWorkerIdle ? 1 : 0));
        },
      );
      assert.deepEqual(handled, ['retried']);
      assert.equal(received, 2, 'the undecodable message was looked at once');
      assert.ok((await failed.find(id))?.message instanceof UndecodableMessage, 'still in the failure transport');
      const warning = logger.records.find((r) => r.level === 'warning' && r.context['transport'] === 'failed');
      assert.match(
        interpolate(warning!.message, warning!.context),
        new RegExp(
          `Message ${id} of transport "failed" could not be decoded, and is left untouched: .*messenger failed:remove ${id} --transport=failed`,
        ),
      );
    });

    it('flushes a pending batch when the worker becomes idle (and a full batch at once)', async () => {
      const handler = new LineBatchHandler();
      const messenger = await app('transports:\n  async: %dsn(default)%\nrouting:\n  Line: async', {
        handlers: [handler],
      });
      for (let n = 1; n <= 6; n++) await messenger.dispatch(new Line(n));
      let atFirstIdle: { batches: number[][]; rows: number } | undefined;
      await consumeUntil(
        messenger,
        { receivers: ['async'] },
        () => atFirstIdle !== undefined,
        (worker) => {
          worker.on(
            WorkerRunningEvent,
            async (event) => {
              if (event.isWorkerIdle && atFirstIdle === undefined)
                atFirstIdle = { batches: [...handler.batches], rows: await count(messenger, 'async') };
            },
            10,
          );
        },
      );
      assert.deepEqual(atFirstIdle, { batches: [[1, 2, 3, 4, 5], [6]], rows: 0 });
    });

    it('flushes a pending batch when the worker stops; a nack fails that message alone', async () => {
      const handler = new LineBatchHandler();
      const handled: number[] = [];
      const messenger = await batchApp(handler);
      for (const n of [1, 99, 3]) await messenger.dispatch(new Line(n));
      let idle = false;
      const worker = messenger.createWorker({ receivers: ['async'], limit: 3, stopOnRestartSignal: false });
      worker.on(WorkerRunningEvent, (event) => {
        idle ||= event.isWorkerIdle;
      });
      worker.on(WorkerMessageHandledEvent, (event) => handled.push((event.envelope.message as Line).n));
      await worker.run({ sleep: 50 });
      assert.equal(idle, false, 'stopped by --limit, never idle');
      assert.deepEqual(handler.batches, [[1, 99, 3]]);
      assert.deepEqual(handled, [1, 3]);
      assert.equal(await count(messenger, 'async'), 0);
      const failed = await (messenger.getTransport('failed') as DoctrineTransport).all();
      assert.deepEqual(
        failed.map((e) => (e.message as Line).n),
        [99],
      );
      assert.equal(failed[0]!.last(ErrorDetailsStamp)?.exceptionMessage, 'line 99 is corrupt');
    });

    for (const asynchronously of [false, true]) {
      it(`a batch whose process() throws ${asynchronously ? 'asynchronously' : 'synchronously'} nacks every job it did not complete with that error`, async () => {
        const handler = new FailingBatchHandler(asynchronously);
        const handled: number[] = [];
        const messenger = await batchApp(handler);
        for (const n of [1, 2, 3]) await messenger.dispatch(new Line(n));
        const worker = messenger.createWorker({ receivers: ['async'], limit: 3, stopOnRestartSignal: false });
        worker.on(WorkerMessageHandledEvent, (event) => handled.push((event.envelope.message as Line).n));
        await worker.run({ sleep: 50 });
        assert.deepEqual(handled, [1]);
        assert.equal(await count(messenger, 'async'), 0, 'no message is left unacknowledged');
        const failed = await (messenger.getTransport('failed') as DoctrineTransport).all();
        assert.deepEqual(
          failed.map((e) => [(e.message as Line).n, e.last(ErrorDetailsStamp)?.exceptionMessage]),
          [
            [2, 'bulk index down'],
            [3, 'bulk index down'],
          ],
        );
        // Without a worker (no Acknowledger) the message is processed alone and the error is thrown.
        await assert.rejects(
          async () => new FailingBatchHandler(asynchronously).__invoke(new Line(7)),
          /bulk index down/,
        );
      });
    }

    it('resets services between messages and when it stops, unless told not to (--no-reset)', async () => {
      let resets = 0;
      const cache = {
        entries: new Map<string, string>(),
        reset: () => {
          resets++;
        },
      };
      @AsMessageHandler(Note)
      class NoteHandler {
        __invoke(note: Note): void {
          cache.entries.set(note.text, note.text);
        }
      }
      const messenger = await app('transports:\n  async: %dsn(default)%\nrouting:\n  Note: async', {
        handlers: [NoteHandler],
        services: { cache },
      });
      await messenger.dispatch(new Note('a'));
      await messenger.dispatch(new Note('b'));
      await consumeUntil(messenger, { receivers: ['async'] }, () => cache.entries.size === 2);
      assert.equal(resets, 3, 'after each of the two messages, and at stop');
      await messenger.dispatch(new Note('c'));
      await consumeUntil(messenger, { receivers: ['async'], reset: false }, () => cache.entries.size === 3);
      assert.equal(resets, 3);
    });

    it('--keepalive keeps a long-running message from being redelivered to another worker', async () => {
      const db = create();
      const yaml = 'transports:\n  async: %dsn(default, redeliver_timeout=1)%\nrouting:\n  Note: async';
      const seenByOther: Array<string | undefined> = [];
      const other = await app(yaml, { messages: [Note] }, db);
      @AsMessageHandler(Note)
      class SlowNoteHandler {
        async __invoke(): Promise<void> {
          // Longer than redeliver_timeout: without keepalive, another worker would take the message meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 1_600));
          const row = await (other.getTransport('async') as DoctrineTransport).connection.get();
          seenByOther.push(row?.id);
        }
      }
      const messenger = await app(yaml, { handlers: [SlowNoteHandler] }, db);
      await messenger.dispatch(new Note('slow'));
      const worker = messenger.createWorker({ receivers: ['async'], stopOnRestartSignal: false });
      worker.on(WorkerMessageHandledEvent, () => worker.stop('done'));
      await worker.run({ sleep: 50, keepalive: 0.3 });
      assert.deepEqual(seenByOther, [undefined], 'the message was still marked as being handled');
      assert.equal(await count(messenger, 'async'), 0);
    });

    it('refuses a keepalive interval that is not shorter than redeliver_timeout', async () => {
      const messenger = await app('transports:\n  async: %dsn(default, redeliver_timeout=1)%');
      const transport = messenger.getTransport('async') as DoctrineTransport;
      await transport.setup();
      await assert.rejects(
        transport.connection.keepalive('1', 1),
        /The keepalive interval \(1 s\) must be shorter than redeliver_timeout \(1 s\)/,
      );
    });
  });
}

describe('PostgreSQL LISTEN/NOTIFY (use_notify)', () => {
  const db = postgresDatabase();
  const messengers: Messenger[] = [];
  after(async () => {
    for (const m of messengers) await m.close();
    await db.cleanup();
  });

  it('wakes an idle worker when a message is sent, and when a delayed one is due', async () => {
    const handledAt: number[] = [];
    @AsMessageHandler(Note)
    class NoteHandler {
      __invoke(): void {
        handledAt.push(Date.now());
      }
    }
    const worker = await messengerOn(db, 'transports:\n  async: %dsn(default)%', {
      handlers: [NoteHandler],
      messages: [Note],
    });
    const sender = await messengerOn(db, 'transports:\n  async: %dsn(default)%', { messages: [Note] });
    messengers.push(worker, sender);
    await (sender.getTransport('async') as DoctrineTransport).setup();
    const sentAt: number[] = [];
    let idleLoops = 0;
    // The worker's sleeps never end by themselves: every wake-up comes from the transport.
    const clock = new StalledClock();
    await consumeUntil(
      worker,
      { receivers: ['async'], sleep: 30_000, timeoutMs: 20_000, clock },
      () => handledAt.length === 2,
      (w) => {
        w.on(WorkerRunningEvent, async (event) => {
          if (!event.isWorkerIdle) return;
          idleLoops++;
          if (sentAt.length === 0) {
            sentAt.push(Date.now());
            await sender.getTransport('async').send(Envelope.wrap(new Note('now')));
          } else if (sentAt.length === 1 && handledAt.length === 1) {
            sentAt.push(Date.now());
            await sender.getTransport('async').send(Envelope.wrap(new Note('soon'), [new DelayStamp(400)]));
          }
        });
      },
    );
    assert.equal(handledAt.length, 2);
    assert.ok(clock.sleeps >= 2, `${clock.sleeps} sleeps, each ended by the transport`);
    const delayed = handledAt[1]! - sentAt[1]!;
    assert.ok(delayed >= 395, `a message delayed 400 ms was handled after ${delayed} ms, before it was due`);
    assert.ok(idleLoops >= 2);
  });

  it('get_notify_timeout: an empty get() waits for a notification', async () => {
    // Ten minutes: in this test only the notification can end the wait.
    const waiting = await messengerOn(db, 'transports:\n  async: %dsn(waiting, get_notify_timeout=600000)%', {
      messages: [Note],
    });
    const sender = await messengerOn(db, 'transports:\n  async: %dsn(waiting)%', { messages: [Note] });
    messengers.push(waiting, sender);
    assert.deepEqual(await waiting.getTransport('async').get(), [], 'the queue is empty');
    const waited = new AbortController();
    setTimeout(() => void sender.getTransport('async').send(Envelope.wrap(new Note('awaited'))), 200);
    try {
      const [envelope] = await within(
        waiting.getTransport('async').get({ signal: waited.signal }),
        20_000,
        'get() to return on the notification (get_notify_timeout is ten minutes)',
      );
      assert.equal((envelope?.message as Note | undefined)?.text, 'awaited');
    } finally {
      waited.abort();
    }
  });

  it('use_notify: false installs no trigger, and polls', async () => {
    const plain = postgresDatabase();
    const messenger = await messengerOn(plain, 'transports:\n  async: %dsn(default, use_notify=false)%', {
      messages: [Note],
    });
    messengers.push(messenger);
    await (messenger.getTransport('async') as DoctrineTransport).setup();
    assert.deepEqual(
      await plain.query("SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = 'notify_trigger'", [
        plain.table,
      ]),
      [],
    );
    assert.deepEqual(await messenger.getTransport('async').get(), []);
    await messenger.getTransport('async').send(Envelope.wrap(new Note('polled')));
    const [polled] = await messenger.getTransport('async').get();
    assert.equal((polled?.message as Note | undefined)?.text, 'polled');
    await plain.cleanup();
  });
});
