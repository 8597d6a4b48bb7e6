import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailedStore } from '../../src/failed/FailedStore';

/** A fake `failed:show`: `total` messages of classes A (even ids) and B (odd ids). */
function fakeCli(total: number, calls: string[][] = []) {
  const all = Array.from({ length: total }, (_, i) => ({
    id: i + 1,
    class: i % 2 === 0 ? 'A' : 'B',
    failedAt: null,
    error: 'boom',
    errorClass: 'Error',
    originalTransport: 'async',
    decodable: true,
  }));
  return async (command: readonly string[]): Promise<unknown> => {
    calls.push([...command]);
    const option = (name: string): string | undefined => {
      const i = command.indexOf(name);
      return i === -1 ? undefined : command[i + 1];
    };
    const transport = option('--transport')!;
    if (command.includes('--stats'))
      return {
        version: 1,
        transport,
        count: total,
        stats: [
          { class: 'A', count: Math.ceil(total / 2) },
          { class: 'B', count: Math.floor(total / 2) },
        ],
      };
    const filter = option('--class-filter');
    const max = Number(option('--max'));
    return {
      version: 1,
      transport,
      count: total,
      classFilter: filter ?? null,
      max,
      messages: all.filter((m) => filter === undefined || m.class === filter).slice(0, max),
    };
  };
}

test('loads a page per failure transport, and one more page at a time (10,000 are never loaded at once)', async () => {
  const calls: string[][] = [];
  const store = new FailedStore({ run: fakeCli(10_000, calls), trusted: () => true, pageSize: 100 });
  assert.equal(store.setTransports(['failed']), true);
  assert.equal(store.setTransports(['failed']), false);
  await store.refresh();
  const state = store.get('failed')!;
  assert.equal(state.count, 10_000);
  assert.equal(state.list.messages.length, 100);
  assert.equal(store.total(), 10_000);
  await store.loadMore('failed');
  assert.equal(store.get('failed')!.list.messages.length, 200);
  assert.deepEqual(
    calls.map((c) => c.join(' ')),
    ['failed:show --transport failed --max 100', 'failed:show --transport failed --max 200'],
  );
  await store.refresh();
  assert.equal(store.get('failed')!.list.messages.length, 200, 'a refresh keeps the pages loaded');
});

test('a class filter restarts the list at one page of that class', async () => {
  const store = new FailedStore({ run: fakeCli(300), trusted: () => true, pageSize: 50 });
  store.setTransports(['failed']);
  await store.refresh();
  await store.loadMore('failed');
  await store.setFilter('failed', 'B');
  const state = store.get('failed')!;
  assert.equal(state.filter, 'B');
  assert.equal(state.list.max, 50);
  assert.ok(state.list.messages.every((m) => m.class === 'B'));
  assert.equal(state.count, 300, "the transport count stays the whole transport's");
});

test('grouped by class: --stats counts, and a page per class loaded when its group opens', async () => {
  const calls: string[][] = [];
  const store = new FailedStore({ run: fakeCli(5, calls), trusted: () => true });
  store.setTransports(['failed']);
  await store.setGrouped(true);
  assert.deepEqual(store.get('failed')!.stats, [
    { class: 'A', count: 3 },
    { class: 'B', count: 2 },
  ]);
  assert.equal(store.page('failed', 'A'), undefined);
  await store.openGroup('failed', 'A');
  assert.deepEqual(
    store.page('failed', 'A')!.messages.map((m) => m.id),
    ['1', '3', '5'],
  );
  await store.openGroup('failed', 'A');
  assert.equal(calls.filter((c) => c.includes('--class-filter')).length, 1, 'an open group is not loaded twice');
});

test('an answer overtaken by a later load of the same page is dropped; errors are kept per page', async () => {
  let release: (value: unknown) => void = () => {};
  let call = 0;
  const store = new FailedStore({
    run: (command) => {
      call++;
      const max = Number(command[command.indexOf('--max') + 1]);
      const answer = {
        version: 1,
        transport: 'failed',
        count: 1,
        classFilter: null,
        max,
        messages: Array.from({ length: Math.min(max, 1) }, () => ({ id: call, class: 'A', decodable: true })),
      };
      if (call === 1) return new Promise((resolve) => (release = () => resolve(answer)));
      if (call === 3) return Promise.reject(new Error('database is locked'));
      return Promise.resolve(answer);
    },
    trusted: () => true,
  });
  store.setTransports(['failed']);
  const slow = store.refresh();
  await store.loadMore('failed');
  release(undefined);
  await slow;
  assert.equal(store.get('failed')!.list.messages[0]?.id, '2', 'the first answer arrived last and was dropped');
  await store.loadMore('failed');
  assert.equal(store.get('failed')!.list.error, 'database is locked');
  assert.equal(store.get('failed')!.list.messages[0]?.id, '2', 'what was shown stays');
});

test('in a restricted workspace nothing runs', async () => {
  let runs = 0;
  const store = new FailedStore({
    run: async () => {
      runs++;
      return {};
    },
    trusted: () => false,
  });
  store.setTransports(['failed']);
  await store.refresh();
  assert.equal(runs, 0);
  assert.equal(store.total(), undefined);
});
