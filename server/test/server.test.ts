import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { MessengerServer, type ServerClient } from '../src/MessengerServer.js';
import { MODEL_CHANGED_NOTIFICATION } from '../src/protocol.js';
import { removeProject, RUNTIME, tempProject, yaml } from './support/project.js';

class RecordingClient implements ServerClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  readonly logs: string[] = [];
  publishDiagnostics(uri: string, diagnostics: Diagnostic[]): void {
    this.diagnostics.set(uri, diagnostics);
  }
  sendNotification(method: string, params: unknown): void {
    this.notifications.push({ method, params });
  }
  log(message: string): void {
    this.logs.push(message);
  }
}

const dirs: string[] = [];
after(() => dirs.forEach(removeProject));

function setup(): { dir: string; client: RecordingClient; server: MessengerServer; uri: (path: string) => string } {
  const dir = tempProject({
    'config/packages/messenger.yaml': yaml("transports:\n  async: 'in-memory://?serialize=true'\nrouting:\n  'App\\Message\\Job': async"),
    'src/Message/Job.ts': 'export class Job { constructor(readonly id: string) {} }\n',
    'src/JobHandler.ts': `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class JobHandler { __invoke(m: Job) {} }\n`,
    'src/messenger.ts': `${RUNTIME}import { JobHandler } from './JobHandler.js';\nexport default createMessenger({ handlers: [JobHandler] });\n`,
  });
  dirs.push(dir);
  const client = new RecordingClient();
  const server = new MessengerServer(client);
  server.initialize([pathToFileURL(dir).href], {});
  return { dir, client, server, uri: (path) => pathToFileURL(join(dir, path)).href };
}

describe('MessengerServer (in process)', () => {
  it('publishes diagnostics as documents change, and clears them when fixed', async () => {
    const { dir, client, server, uri } = setup();
    await server.whenIdle();
    assert.equal(client.diagnostics.size, 0);
    const job = uri('src/Message/Job.ts');
    server.openDocument(job, readFileSync(join(dir, 'src/Message/Job.ts'), 'utf8'));
    server.changeDocument(job, 'export class Job { constructor(readonly id: string, readonly done: () => void) {} }\n');
    await server.whenIdle();
    const published = client.diagnostics.get(job) ?? [];
    assert.deepEqual(published.map((d) => [d.code, d.source, d.severity, d.range.start]), [['non-serializable-payload', 'messenger', 1, { line: 0, character: 61 }]]);
    server.closeDocument(job);
    await server.whenIdle();
    assert.deepEqual(client.diagnostics.get(job), []);
  });

  it('serves the model, and notifies only when it changes', async () => {
    const { dir, client, server, uri } = setup();
    const model = server.model({});
    assert.equal(model.projects.length, 1);
    assert.deepEqual(model.projects[0]!.messages.map((m) => [m.name, m.routes.map((r) => r.transport)]), [['Job', ['async']]]);
    assert.equal(model.projects[0]!.transports[0]!.serializes, true);
    await server.whenIdle();
    const before = client.notifications.filter((n) => n.method === MODEL_CHANGED_NOTIFICATION).length;
    assert.equal(before, 1, JSON.stringify(client.notifications));
    // A method body changes nothing in the model (positions do: the model carries locations).
    server.changeDocument(uri('src/JobHandler.ts'), readFileSync(join(dir, 'src/JobHandler.ts'), 'utf8').replace('__invoke(m: Job) {}', '__invoke(m: Job) { void m; }'));
    await server.whenIdle();
    assert.equal(client.notifications.length, before);
    server.changeDocument(uri('src/Message/Job.ts'), 'export class Job { constructor(readonly id: number) {} }\n');
    await server.whenIdle();
    assert.equal(client.notifications.length, before + 1);
    assert.deepEqual(client.notifications.at(-1), { method: MODEL_CHANGED_NOTIFICATION, params: { version: 3, projectDirs: [dir] } });
  });

  it('takes severities from its settings', async () => {
    const { client, server, uri } = setup();
    server.configure({ messenger: { severities: { 'non-serializable-payload': 'hint' } } });
    server.changeDocument(uri('src/Message/Job.ts'), 'export class Job { constructor(readonly id: symbol) {} }\n');
    await server.whenIdle();
    assert.equal(client.diagnostics.get(uri('src/Message/Job.ts'))?.[0]?.severity, 4);
  });

  it('finds every messenger project of a monorepo, and not the monorepo root itself', () => {
    const root = tempProject({
      'apps/orders/config/packages/messenger.yaml': yaml("transports:\n  async: 'sync://'"),
      'apps/orders/package.json': '{}',
      'apps/billing/src/messenger.ts': `${RUNTIME}export default createMessenger({});\n`,
      'apps/billing/package.json': '{}',
      'libs/shared/package.json': '{}',
    });
    dirs.push(root);
    const server = new MessengerServer(new RecordingClient());
    server.initialize([root], {});
    assert.deepEqual(server.model({}).projects.map((p) => p.projectDir.slice(root.length)).sort(), ['/apps/billing', '/apps/orders']);
    server.openDocument(pathToFileURL(join(root, 'libs/shared/index.ts')).href, 'export const x = 1;\n');
    assert.equal(server.model({}).projects.length, 2);
    server.dispose();
  });

  it('ignores documents outside any project and non-file URIs', async () => {
    const { client, server } = setup();
    server.openDocument('untitled:Untitled-1', 'class {');
    server.openDocument('file:///nowhere/at/all.ts', 'class {');
    await server.whenIdle();
    assert.equal(client.diagnostics.size, 0);
    assert.deepEqual(client.logs, []);
  });
});
