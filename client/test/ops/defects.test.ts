/**
 * The operator's defects of issue 16, one test each where the fix is in a pure module (the
 * live views themselves are proven in the code-server suite, vscode-suite/live.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stopAllConfirmation } from '../../src/workers/stopAllConfirmation';
import { retrySummary } from '../../src/failed/actionMessages';
import { buildFailedTree, messageNode } from '../../src/failed/buildFailedTree';
import { listArgs } from '../../src/failed/failedCliArgs';
import { parseFailedDetails, type RetryOutcome } from '../../src/failed/failedJson';
import { failedMessagePanelModel } from '../../src/failed/failedMessageView';
import { FailedStore } from '../../src/failed/FailedStore';
import { PanelSession, type PanelUpdate } from '../../src/failed/PanelSession';
import { goneAfterRetry, selection } from '../../src/failed/selection';
import { sentence } from '../../src/failed/sentence';
import { traceLines } from '../../src/failed/traceFrames';
import { parseStats } from '../../src/stats/parseStats';
import { StatsStore } from '../../src/stats/StatsStore';
import { parseConsoleLogLine } from '../../src/workers/consoleLogLine';
import { detailsJson } from '../failed/sampleFailed';

const listJson = (ids: number[], count = ids.length) => ({
  version: 1,
  transport: 'failed',
  count,
  classFilter: null,
  max: 100,
  messages: ids.map((id) => ({
    id,
    class: 'Sms',
    failedAt: null,
    error: 'x',
    errorClass: 'Error',
    originalTransport: 'async',
    retryCount: 1,
    decodable: true,
  })),
});

test('defect 1: a document of `stats --watch` is the counts now, with the oldest message and the consumers', () => {
  const store = new StatsStore({ run: async () => assert.fail('a pushed document runs nothing'), trusted: () => true });
  store.push({
    version: 1,
    transports: [
      { name: 'async', count: 3, oldestAvailableAt: '2026-11-22T10:00:00.000Z', consumers: 0, revision: '3:9' },
    ],
    uncountable: [],
    unknown: [],
  });
  assert.equal(store.counts?.counts.get('async'), 3);
  assert.deepEqual(store.counts?.details.get('async'), {
    oldestAvailableAt: Date.parse('2026-11-22T10:00:00.000Z'),
    consumers: 0,
    revision: '3:9',
  });
  store.pushError('live counts stopped: database is locked');
  assert.equal(store.state.kind, 'failed');
  assert.equal(store.counts?.counts.get('async'), 3, 'the last counts stay');
  assert.deepEqual(
    [
      ...parseStats({
        version: 1,
        transports: [],
        uncountable: [],
        unknown: [],
        failing: [{ name: 'pg', error: 'down' }],
      }).failing,
    ],
    [['pg', 'down']],
  );
});

test('defect 5: a retry that fails again moves the panel to the new id, with its buttons enabled', async () => {
  const posted: PanelUpdate[] = [];
  const modelOf = (id: number) =>
    failedMessagePanelModel(parseFailedDetails({ ...detailsJson, message: { ...detailsJson.message, id } }));
  const panel = new PanelSession({
    retry: async (): Promise<RetryOutcome> => ({
      transport: 'failed',
      remaining: 1,
      results: [
        {
          id: '7',
          class: 'Sms',
          result: 'failed',
          error: { class: 'Error', message: 'still down.' },
          willRetry: true,
          newId: '12',
        },
      ],
    }),
    remove: async () => assert.fail('not removed'),
    confirmRemove: async () => true,
    post: (u) => posted.push(u),
    afterChange: () => {},
    details: async (_t, id) => modelOf(Number(id)),
    report: false,
  });
  await panel.load(async () => modelOf(7));
  await panel.act('retry');
  assert.equal(panel.model?.id, '12');
  const result = posted.at(-1);
  assert.ok(result?.type === 'result' && result.id === '12' && result.done === false, JSON.stringify(result));
  assert.match(result.text, /It is #12 now\.$/);
  assert.doesNotMatch(result.text, /\.\./, 'defect 8: no double full stop');
});

test('defect 6: what a retry or removal took away leaves the rows and the count at once', async () => {
  const store = new FailedStore({ run: async () => listJson([1, 2, 3]), trusted: () => true });
  store.setTransports(['failed']);
  await store.refresh();
  const outcome: RetryOutcome = {
    transport: 'failed',
    remaining: null,
    results: [
      { id: '1', class: 'Sms', result: 'handled', error: null, willRetry: false, newId: null },
      { id: '2', class: 'Sms', result: 'skipped', error: null, willRetry: false, newId: null },
    ],
  };
  store.forget('failed', goneAfterRetry(outcome));
  assert.deepEqual(
    store.get('failed')?.list.messages.map((m) => m.id),
    ['2', '3'],
  );
  assert.equal(store.get('failed')?.count, 2);
});

test('multi-select: several selected rows of one failure transport are one bulk action', () => {
  const row = (id: string, transport = 'failed') => ({ data: { transport, id } });
  assert.deepEqual(selection(row('1'), [row('1'), row('2'), row('3', 'other')]), {
    transport: 'failed',
    ids: ['1', '2'],
  });
  assert.equal(selection(row('1'), [row('1')]), undefined, 'one row is the single-message command');
});

test('defect 8: texts an operator reads', () => {
  assert.equal(
    sentence('Retry: 1 failed again: Error: the gateway is down.'),
    'Retry: 1 failed again: Error: the gateway is down.',
  );
  assert.equal(sentence('Remove: 1 removed'), 'Remove: 1 removed.');
  const summary = retrySummary({
    transport: 'failed',
    remaining: 1,
    results: [
      {
        id: '1',
        class: 'Sms',
        result: 'failed',
        error: { class: 'Error', message: 'down.' },
        willRetry: true,
        newId: '2',
      },
    ],
  });
  assert.doesNotMatch(sentence(`Messenger: ${summary.text}`), /\.\.$/);
  // Stamps by their short name; the trace once, under Error.
  const model = failedMessagePanelModel(parseFailedDetails(detailsJson));
  assert.ok(
    model.stamps.every((s) => !s.name.includes('\\\\')),
    model.stamps.map((s) => s.name).join(),
  );
  const errorStamp = model.stamps.find((s) => s.name === 'ErrorDetailsStamp');
  if (errorStamp) assert.doesNotMatch(errorStamp.json.map((t) => t.text).join(''), /at SmsGateway/);
  // One timestamp per worker log line: the runtime's own time is dropped, its level kept.
  assert.deepEqual(parseConsoleLogLine('12:00:01 WARNING   [messenger] Lost the connection'), {
    level: 'warn',
    text: '[messenger] Lost the connection',
  });
  assert.equal(parseConsoleLogLine('TypeError: x').level, 'error');
});

test('defect 8: a failed row says "Failed with Error: …", never "Error: Error: …"', async () => {
  const row = messageNode(
    'failure:failed',
    'failed',
    {
      id: '3',
      class: 'Sms',
      failedAt: null,
      error: 'SMS gateway unavailable',
      errorClass: 'Error',
      originalTransport: 'async',
      decodable: true,
      retryCount: 1,
    },
    0,
    Date.now(),
  );
  assert.match(row.tooltip ?? '', /\nFailed with Error: SMS gateway unavailable\n/);
  assert.doesNotMatch(row.tooltip ?? '', /Error: Error:/);
});

test('trace frames name the file and line to open', () => {
  const lines = traceLines(
    'Error: x\n    at send (/app/src/Gateway.ts:9:5)\n    at node:internal/x:1:1\n#0 /var/www/src/Foo.php(42): bar()',
  );
  assert.deepEqual(
    lines.map((l) => l.frame),
    [
      undefined,
      { file: '/app/src/Gateway.ts', line: 9, column: 5 },
      undefined,
      { file: '/var/www/src/Foo.php', line: 42, column: 1 },
    ],
  );
});

test('defect 9: Stop All Workers says it stops workers started outside VS Code, and offers only ours', () => {
  const question = stopAllConfirmation(2);
  assert.match(question.message, /including those started outside VS Code/);
  assert.match(question.detail, /terminal, by Supervisor/);
  assert.deepEqual(question.buttons, ['Stop Every Worker', 'Stop Only the 2 Started Here']);
  assert.deepEqual(stopAllConfirmation(0).buttons, ['Stop Every Worker']);
});

test('defect 3 and the search: the header counts the rows below it, whatever narrows them', async () => {
  const page = { messages: [], max: 100, loading: false, loaded: true };
  const [root] = buildFailedTree(
    [
      {
        name: 'failed',
        count: 26,
        filter: 'SmsNotification',
        query: { search: 'quota', lastHour: true, newest: true },
        matching: 0,
        list: page,
        stats: undefined,
        groups: new Map(),
      },
    ],
    false,
    Date.now(),
  );
  // After Retry All on the filter: 0 of what is left, above "No failed message matches".
  assert.equal(
    root?.description,
    '0 of 26 failed messages · class SmsNotification · "quota" · last hour · newest first',
  );
  assert.deepEqual(
    root?.children?.map((c) => c.label),
    ['Only class SmsNotification, "quota", last hour', 'No failed message matches'],
  );
});

test('the list asks the CLI for the search, the last hour and the order', async () => {
  assert.deepEqual(listArgs('failed', 100, undefined, { search: 'quota', lastHour: true, newest: true }), [
    'failed:show',
    '--transport',
    'failed',
    '--max',
    '100',
    '--search',
    'quota',
    '--since',
    '1h',
    '--sort',
    'newest',
  ]);
});
