import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFailedDetails, type RetryOutcome } from '../../src/failed/failedJson';
import { failedMessagePanelModel } from '../../src/failed/failedMessageView';
import { PanelSession, type PanelUpdate } from '../../src/failed/PanelSession';
import { detailsJson } from './sampleFailed';

const modelOf = (id: number) =>
  failedMessagePanelModel(parseFailedDetails({ ...detailsJson, message: { ...detailsJson.message, id } }));

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  return { promise: new Promise<T>((r) => (resolve = r)), resolve };
}

function session(retry: (transport: string, id: string) => Promise<RetryOutcome>) {
  const posted: PanelUpdate[] = [];
  let changes = 0;
  const panel = new PanelSession({
    retry,
    remove: async () => ({ transport: 'failed', removed: [], notFound: [], kept: [] }),
    confirmRemove: async () => true,
    post: (u) => posted.push(u),
    afterChange: () => changes++,
    details: async (_transport, id) => modelOf(Number(id)),
    report: false,
  });
  return { panel, posted, changes: () => changes };
}

const handled = (id: string): RetryOutcome => ({
  transport: 'failed',
  remaining: 0,
  results: [{ id, class: 'SmsNotification', result: 'handled', error: null, willRetry: false, newId: null }],
});

test("a long Retry of A that ends after B was opened does not land on B: its result is dropped, B's buttons stay", async () => {
  const retryA = deferred<RetryOutcome>();
  const { panel, posted, changes } = session(() => retryA.promise);
  await panel.load(async () => modelOf(1));
  const acting = panel.act('retry');
  assert.deepEqual(posted.at(-1), { type: 'busy', id: '1', action: 'retry' });
  await panel.load(async () => modelOf(2));
  retryA.resolve(handled('1'));
  await acting;
  assert.equal(panel.model?.id, '2');
  assert.deepEqual(
    posted.map((p) => (p.type === 'show' ? `show ${p.model.id}` : `${p.type} ${p.id}`)),
    ['show 1', 'busy 1', 'show 2'],
  );
  assert.equal(changes(), 1, 'the lists are refreshed all the same');
  // The webview reloading shows B, and no result.
  panel.ready();
  assert.deepEqual(
    posted.slice(3).map((p) => p.type),
    ['show'],
  );
});

test('the result of the message still shown is posted with its id, and again when the webview reloads', async () => {
  const { panel, posted } = session(async (_, id) => handled(id));
  await panel.load(async () => modelOf(1));
  await panel.act('retry');
  assert.deepEqual(posted.at(-1), { type: 'result', id: '1', text: 'Retry: 1 handled.', ok: true, done: true });
  panel.ready();
  assert.deepEqual(
    posted.slice(-2).map((p) => p.type),
    ['show', 'result'],
  );
});

test('details that arrive after another message was opened are dropped; a failed latest load rejects', async () => {
  const { panel, posted } = session(async (_, id) => handled(id));
  const slowA = deferred<ReturnType<typeof modelOf>>();
  const loadingA = panel.load(() => slowA.promise);
  await panel.load(async () => modelOf(2));
  slowA.resolve(modelOf(1));
  assert.equal(await loadingA, undefined);
  assert.equal(panel.model?.id, '2');
  assert.deepEqual(
    posted.map((p) => p.type === 'show' && p.model.id),
    ['2'],
  );
  await assert.rejects(
    panel.load(async () => {
      throw new Error('gone');
    }),
    /gone/,
  );
});

test('the webview is asked to report what it drew only in test mode', async () => {
  const { panel, posted } = session(async (_, id) => handled(id));
  await panel.load(async () => modelOf(1));
  assert.equal(posted[0]?.type === 'show' && posted[0].report, false);
});
