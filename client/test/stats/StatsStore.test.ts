import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStats } from '../../src/stats/parseStats';
import { countsOf, StatsStore } from '../../src/stats/StatsStore';

const statsJson = {
  version: 1,
  transports: [
    { name: 'async', count: 3 },
    { name: 'failed', count: 0 },
  ],
  uncountable: ['sync'],
  unknown: [],
};

test('parses `messenger stats --format json`, and refuses another format version', () => {
  const counts = parseStats(statsJson);
  assert.deepEqual(
    [...counts.counts],
    [
      ['async', 3],
      ['failed', 0],
    ],
  );
  assert.deepEqual([...counts.uncountable], ['sync']);
  assert.throws(() => parseStats({ ...statsJson, version: 2 }), /format version 2; this extension reads version 1/);
  assert.throws(() => parseStats({ version: 1 }), /printed no "transports" list/);
});

test('in a restricted workspace it never runs the CLI and says so', async () => {
  let runs = 0;
  const store = new StatsStore({
    run: async () => {
      runs++;
      return statsJson;
    },
    trusted: () => false,
  });
  assert.equal(store.state.kind, 'untrusted');
  await store.refresh();
  assert.equal(runs, 0);
  assert.equal(store.state.kind, 'untrusted');
});

test('counts arrive; a failure says why and keeps the last counts', async () => {
  let fail = false;
  const store = new StatsStore({
    run: async (command) => {
      assert.deepEqual(command, ['stats']);
      if (fail) throw new Error('database locked');
      return statsJson;
    },
    trusted: () => true,
    now: () => 42,
  });
  const kinds: string[] = [];
  store.onDidChange((state) => kinds.push(state.kind));
  await store.refresh();
  assert.deepEqual(kinds, ['loading', 'ready']);
  assert.equal(store.counts?.counts.get('async'), 3);
  fail = true;
  await store.refresh();
  assert.equal(store.state.kind, 'failed');
  assert.equal(store.state.kind === 'failed' ? store.state.error : '', 'database locked');
  assert.equal(countsOf(store.state)?.counts.get('async'), 3);
});
