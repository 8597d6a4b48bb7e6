/** The built server over stdio, driven by a real JSON-RPC client (vscode-languageserver-protocol). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Workspace } from '../src/analysis/index.js';
import { LspTestClient } from './support/lspClient.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/all-diagnostics', import.meta.url));

describe('language server over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start(FIXTURE);
  });
  after(async () => {
    await client.stop();
  });

  it('publishes the diagnostics of the whole project after initialization', async () => {
    await client.model();
    const expected = new Workspace({ projectDir: FIXTURE }).analyze().diagnostics.filter((d) => d.file !== FIXTURE);
    assert.equal(client.summary(FIXTURE).length, expected.length);
    assert.ok(
      client
        .summary(FIXTURE)
        .some((l) => l.startsWith('src/MessageHandler/ShipOrderHandler.ts:7:21-7:35 handles-mismatch ')),
    );
  });

  it('updates the diagnostics of an edited TypeScript file, and restores them on undo', async () => {
    const file = join(FIXTURE, 'src/MessageHandler/ShipOrderHandler.ts');
    const original = readFileSync(file, 'utf8');
    await client.open(file, original);
    await client.change(file, [
      { range: { start: { line: 6, character: 20 }, end: { line: 6, character: 34 } }, text: 'ShipOrder' },
    ]);
    await client.model();
    assert.ok(!client.summary(FIXTURE).some((l) => l.includes('handles-mismatch')));
    await client.change(file, [{ text: original }]);
    await client.model();
    assert.ok(client.summary(FIXTURE).some((l) => l.includes('handles-mismatch')));
    await client.close(file);
  });

  it('updates config diagnostics as messenger.yaml is typed', async () => {
    const file = join(FIXTURE, 'config/packages/messenger.yaml');
    const original = readFileSync(file, 'utf8');
    await client.open(file, original);
    await client.change(file, [{ text: original.replace('failure_transport: failled', 'failure_transport: failed') }]);
    await client.model();
    assert.ok(!client.summary(FIXTURE).some((l) => l.includes('Invalid failure_transport')));
    await client.change(file, [{ text: original }]);
    await client.model();
    assert.ok(client.summary(FIXTURE).some((l) => l.includes('Invalid failure_transport')));
  });

  it('analyses a burst of edits sent back to back once, and publishes the last version', async () => {
    const file = join(FIXTURE, 'config/packages/messenger.yaml');
    const original = readFileSync(file, 'utf8');
    await client.open(file, original);
    await client.model();
    const before = client.publishes.length;
    // Twenty keystrokes, each one a different diagnostic: analysed one by one, each would be published.
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        client.change(file, [
          { text: original.replace('failure_transport: failled', `failure_transport: failled${'x'.repeat(n + 1)}`) },
        ]),
      ),
    );
    await client.waitFor(
      () => client.summary(FIXTURE).some((l) => l.includes(`failled${'x'.repeat(20)}`)),
      10_000,
      'the diagnostic of the last edit',
    );
    const published = client.publishes.slice(before).filter((p) => p.uri === client.uri(file)).length;
    assert.ok(published <= 5, `${published} publishes for a burst of 20 edits`);
    await client.change(file, [{ text: original }]);
    await client.close(file);
    await client.model();
  });

  it('advertises the capabilities of its features, and answers their requests from the project of the document', async () => {
    assert.equal(client.capabilities.documentHighlightProvider, true);
    const yaml = join(FIXTURE, 'config/packages/messenger.yaml');
    const line = readFileSync(yaml, 'utf8')
      .split('\n')
      .findIndex((l) => /^\s+kafka:/.test(l));
    const highlights = (await client.connection.sendRequest('textDocument/documentHighlight', {
      textDocument: { uri: client.uri(yaml) },
      position: { line, character: 14 },
    })) as Array<{ range: { start: { line: number } }; kind: number }>;
    assert.ok(highlights.length >= 1, JSON.stringify(highlights));
    assert.deepEqual(
      highlights[0],
      highlights.find((h) => h.range.start.line === line && h.kind === 3),
    );
  });

  it('answers messenger/model with the masked model and sent messenger/modelChanged', async () => {
    const { projects } = await client.model();
    assert.equal(projects.length, 1);
    const kafka = projects[0]!.transports.find((t) => t.name === 'kafka');
    assert.equal(kafka?.dsn, 'kafka://shipping:****@broker.internal:9092');
    assert.ok(projects[0]!.handlers.some((h) => h.name === 'StockHandlers::fromSupplier' && h.bus === 'query.bus'));
    await client.waitFor(() => client.modelChanges.length >= 1, 5000, 'messenger/modelChanged');
    assert.equal(client.stderr, '');
  });
});

describe('file watchers', () => {
  it('are registered with a client that can, and again when the config file setting changes', async () => {
    const client = await LspTestClient.start(
      FIXTURE,
      {},
      { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    );
    try {
      await client.waitFor(() => client.registrations.length === 1, 5000, 'the file watchers');
      const globs = (registration: { registerOptions?: unknown }): string[] =>
        (registration.registerOptions as { watchers: Array<{ globPattern: string }> }).watchers.map(
          (w) => w.globPattern,
        );
      assert.equal(client.registrations[0]!.method, 'workspace/didChangeWatchedFiles');
      assert.deepEqual(globs(client.registrations[0]!), [
        '**/*.{ts,tsx,mts,cts}',
        '**/*.{yaml,yml}',
        '**/.env*',
        '**/package.json',
        '**/tsconfig*.json',
      ]);
      await client.configure({ messenger: { configFile: 'config/bus.conf' } });
      await client.waitFor(
        () => client.registrations.length === 2 && client.unregistrations.length === 1,
        5000,
        'the new file watchers',
      );
      assert.equal(globs(client.registrations[1]!).at(-1), '**/bus.conf');
      assert.equal(client.unregistrations[0]!.id, client.registrations[0]!.id);
    } finally {
      await client.stop();
    }
  });
});
