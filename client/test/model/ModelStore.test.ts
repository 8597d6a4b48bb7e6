import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelResult } from '@messenger-ts/server/protocol';
import { ModelStore, type ModelSource } from '../../src/model/ModelStore';
import { sampleProject } from '../map/sampleModel';

function fakeServer(results: Array<ModelResult | Error>): ModelSource & { notify(): void; requests: number } {
  let listener: (() => void) | undefined;
  const server = {
    requests: 0,
    requestModel: async () => {
      const next = results[Math.min(server.requests++, results.length - 1)]!;
      if (next instanceof Error) throw next;
      return next;
    },
    onModelChanged: (l: () => void) => {
      listener = l;
      return { dispose: () => (listener = undefined) };
    },
    notify: () => listener?.(),
  };
  return server;
}

test('asks the server once attached, and again on each change notification (no polling)', async () => {
  const store = new ModelStore();
  assert.equal(store.status, 'waiting');
  const billing = sampleProject({ projectDir: '/billing' });
  const server = fakeServer([
    { version: 1, projects: [sampleProject()] },
    { version: 2, projects: [sampleProject(), billing] },
  ]);
  let changes = 0;
  store.onDidChange(() => changes++);
  await store.attach(server);
  assert.equal(store.status, 'ready');
  assert.equal(store.version, 1);
  assert.equal(server.requests, 1);
  server.notify();
  await store.refresh(); // waits for the run the notification started
  assert.equal(store.version, 2);
  assert.equal(store.project('/billing')?.projectDir, '/billing');
  assert.equal(store.project('/nowhere')?.projectDir, '/app', 'an unknown directory falls back to the first project');
  assert.ok(changes >= 2);
  assert.ok(server.requests <= 3);
});

test('a failed request is reported, and the last model stays until a new one arrives', async () => {
  const store = new ModelStore();
  await store.attach(fakeServer([new Error('server crashed')]));
  assert.equal(store.status, 'failed');
  assert.equal(store.error, 'server crashed');
  const server = fakeServer([{ version: 3, projects: [sampleProject()] }, new Error('again')]);
  await store.attach(server);
  assert.equal(store.status, 'ready');
  server.notify();
  await store.refresh();
  assert.equal(store.version, 3);
  assert.equal(store.error, 'again');
});
