import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { ClientCapabilities, Diagnostic } from 'vscode-languageserver';
import { FEATURES, type ResolveFeature } from '../src/features/index.js';
import { MessengerServer, type ServerClient } from '../src/MessengerServer.js';
import { discoverProjects } from '../src/analysis/project/projects.js';
import { MODEL_CHANGED_NOTIFICATION } from '../src/protocol.js';
import { watchedFileGlobs } from '../src/watchers.js';
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
  readonly warnings: string[] = [];
  showWarning(message: string): void {
    this.warnings.push(message);
  }
}

const dirs: string[] = [];
after(() => dirs.forEach(removeProject));

function setup(
  settings: unknown = {},
  extra: Record<string, string> = {},
  start = true,
  capabilities: ClientCapabilities = {},
): { dir: string; client: RecordingClient; server: MessengerServer; uri: (path: string) => string } {
  const dir = tempProject({
    'config/packages/messenger.yaml': yaml(
      "transports:\n  async: 'in-memory://?serialize=true'\nrouting:\n  'App\\Message\\Job': async",
    ),
    'src/Message/Job.ts': 'export class Job { constructor(readonly id: string) {} }\n',
    'src/JobHandler.ts': `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class JobHandler { __invoke(m: Job) {} }\n`,
    'src/messenger.ts': `${RUNTIME}import { JobHandler } from './JobHandler.js';\nexport default createMessenger({ handlers: [JobHandler] });\n`,
    ...extra,
  });
  dirs.push(dir);
  const client = new RecordingClient();
  const server = new MessengerServer(client);
  server.initialize([pathToFileURL(dir).href], settings, capabilities);
  if (start) server.start();
  return { dir, client, server, uri: (path) => pathToFileURL(join(dir, path)).href };
}

describe('the files the server asks its client to watch', () => {
  it('cover sources, every YAML file (a config file createMessenger() names may have any name), .env files, package.json and tsconfig files', () => {
    assert.deepEqual(watchedFileGlobs(undefined), [
      '**/*.{ts,tsx,mts,cts}',
      '**/*.{yaml,yml}',
      '**/.env*',
      '**/package.json',
      '**/tsconfig*.json',
    ]);
  });

  it('add the configured config file when YAML globs miss it', () => {
    assert.deepEqual(watchedFileGlobs('config/messenger/bus.conf').at(-1), '**/bus.conf');
    assert.equal(watchedFileGlobs('config/messenger/bus.yaml').length, 5);
  });
});

describe('MessengerServer (in process)', () => {
  it('analyses nothing before start() (the client gets its initialize answer first), then the whole project', async () => {
    const lost = `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class Lost { __invoke(m: Job) {} }\n`;
    const { client, server, uri } = setup({}, { 'src/Lost.ts': lost }, false);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(client.diagnostics.size, 0, 'nothing published before start()');
    await assert.rejects(server.whenIdle(), /before start\(\)/);
    server.start();
    await server.whenIdle();
    assert.deepEqual(
      client.diagnostics.get(uri('src/Lost.ts'))?.map((d) => d.code),
      ['unregistered-handler'],
    );
  });

  it('routes a resolve request to the project of the document its item names, with what the client can do', async () => {
    const { server, uri, dir } = setup({}, {}, true, { textDocument: { codeAction: { dataSupport: true } } });
    const resolve: ResolveFeature<{ file: string; title?: string }> = {
      scope: 'resolve',
      method: 'test/resolve',
      capabilities: {},
      documentOf: (item) => item.file,
      answer: (analysis, document, item, client) => ({
        ...item,
        title: `${[...analysis.model.messages.values()].map((m) => m.typeName).join()} in ${document.file.slice(dir.length)}, data: ${client.textDocument?.codeAction?.dataSupport}`,
      }),
    };
    const file = join(dir, 'src/Message/Job.ts');
    assert.deepEqual(server.request(resolve, { file }), { file, title: 'Job in /src/Message/Job.ts, data: true' });
    assert.deepEqual(server.request(resolve, { file: '/elsewhere/x.ts' }), { file: '/elsewhere/x.ts' });
    assert.equal(typeof uri, 'function');
  });

  it('answers completion in the document being typed without analysing its edits first; hover analyses them', async () => {
    const { client, server, uri } = setup();
    await server.whenIdle();
    const job = uri('src/Message/Job.ts');
    server.openDocument(job, 'export class Job { constructor(readonly id: string) {} }\n');
    server.model({});
    server.changeDocument(job, 'export class Job { constructor(readonly id: string, readonly done: () => void) {} }\n');
    const params = { textDocument: { uri: job }, position: { line: 0, character: 5 } };
    server.request(FEATURES.find((f) => f.method === 'textDocument/completion')!, params);
    assert.equal(client.diagnostics.get(job), undefined, 'no analysis (its diagnostics would be published)');
    server.request(FEATURES.find((f) => f.method === 'textDocument/hover')!, params);
    assert.deepEqual(
      client.diagnostics.get(job)?.map((d) => d.code),
      ['non-serializable-payload'],
    );
  });

  it('coalesces a burst of edits, each handed over on its own turn of the event loop, into one analysis of the last', async () => {
    const { client, server, uri } = setup();
    await server.whenIdle();
    const before = server.model({}).version;
    const job = uri('src/Message/Job.ts');
    server.openDocument(job, 'export class Job { constructor(readonly id: string) {} }\n');
    for (let n = 1; n <= 20; n++) {
      // As the JSON-RPC library delivers messages: one per turn.
      await new Promise((resolve) => setImmediate(resolve));
      server.changeDocument(
        job,
        `export class Job { constructor(readonly id: string, readonly f${n}: () => void) {} }\n`,
      );
    }
    await server.whenIdle();
    const analyses = server.model({}).version - before;
    assert.ok(analyses <= 2, `${analyses} analyses for a burst of 21 edits`);
    assert.match(String(client.diagnostics.get(job)?.[0]?.message ?? ''), /f20 is a function/);
  });

  it('publishes diagnostics as documents change, and clears them when fixed', async () => {
    const { dir, client, server, uri } = setup();
    await server.whenIdle();
    assert.equal(client.diagnostics.size, 0);
    const job = uri('src/Message/Job.ts');
    server.openDocument(job, readFileSync(join(dir, 'src/Message/Job.ts'), 'utf8'));
    server.changeDocument(job, 'export class Job { constructor(readonly id: string, readonly done: () => void) {} }\n');
    await server.whenIdle();
    const published = client.diagnostics.get(job) ?? [];
    assert.deepEqual(
      published.map((d) => [d.code, d.source, d.severity, d.range.start]),
      [['non-serializable-payload', 'messenger', 1, { line: 0, character: 61 }]],
    );
    server.closeDocument(job);
    await server.whenIdle();
    assert.deepEqual(client.diagnostics.get(job), []);
  });

  it('serves the model, and notifies only when it changes', async () => {
    const { dir, client, server, uri } = setup();
    const model = server.model({});
    assert.equal(model.projects.length, 1);
    assert.deepEqual(
      model.projects[0]!.messages.map((m) => [m.name, m.routes.map((r) => r.transport)]),
      [['Job', ['async']]],
    );
    assert.equal(model.projects[0]!.transports[0]!.serializes, true);
    await server.whenIdle();
    const before = client.notifications.filter((n) => n.method === MODEL_CHANGED_NOTIFICATION).length;
    assert.equal(before, 1, JSON.stringify(client.notifications));
    // A method body changes nothing in the model (positions do: the model carries locations).
    server.changeDocument(
      uri('src/JobHandler.ts'),
      readFileSync(join(dir, 'src/JobHandler.ts'), 'utf8').replace(
        '__invoke(m: Job) {}',
        '__invoke(m: Job) { void m; }',
      ),
    );
    await server.whenIdle();
    assert.equal(client.notifications.length, before);
    server.changeDocument(uri('src/Message/Job.ts'), 'export class Job { constructor(readonly id: number) {} }\n');
    await server.whenIdle();
    assert.equal(client.notifications.length, before + 1);
    assert.deepEqual(client.notifications.at(-1), {
      method: MODEL_CHANGED_NOTIFICATION,
      params: { version: 3, projectDirs: [dir] },
    });
  });

  it('takes severities from its settings', async () => {
    const { client, server, uri } = setup();
    server.configure({ messenger: { severities: { 'non-serializable-payload': 'hint' } } });
    server.changeDocument(uri('src/Message/Job.ts'), 'export class Job { constructor(readonly id: symbol) {} }\n');
    await server.whenIdle();
    assert.equal(client.diagnostics.get(uri('src/Message/Job.ts'))?.[0]?.severity, 4);
  });

  it('says which severity settings it cannot use, and uses the others', async () => {
    const { client, server, uri } = setup();
    server.configure({
      messenger: {
        severities: { 'non-serializable-payload': 'hint', 'missing-handlr': 'off', 'unrouted-message': 'loud' },
      },
    });
    assert.deepEqual(client.warnings, [
      'Messenger: ignored severity settings: "missing-handlr" is not a diagnostic code of the messenger analysis; "loud" for "unrouted-message" is not a severity (error, warning, information, hint or off).',
    ]);
    server.changeDocument(uri('src/Message/Job.ts'), 'export class Job { constructor(readonly id: symbol) {} }\n');
    await server.whenIdle();
    assert.equal(client.diagnostics.get(uri('src/Message/Job.ts'))?.[0]?.severity, 4);
  });

  it('sees a fix saved and closed without a file watcher (Neovim, Helix…)', async () => {
    const broken = 'export class Job { constructor(readonly id: string, readonly done: () => void) {} }\n';
    const { dir, server, uri } = setup({}, { 'src/Message/Job.ts': broken });
    await server.whenIdle();
    const job = uri('src/Message/Job.ts');
    assert.equal(server.model({}).projects[0]!.diagnosticCounts.error, 1);
    server.openDocument(job, broken);
    const fixed = 'export class Job { constructor(readonly id: string) {} }\n';
    server.changeDocument(job, fixed);
    writeFileSync(join(dir, 'src/Message/Job.ts'), fixed);
    server.closeDocument(job);
    await server.whenIdle();
    assert.equal(server.model({}).projects[0]!.diagnosticCounts.error, 0);
  });

  it('applies the severities of package.json again when it changes', async () => {
    const { dir, client, server, uri } = setup(
      {},
      { 'src/Message/Job.ts': 'export class Job { constructor(readonly done: () => void) {} }\n' },
    );
    await server.whenIdle();
    const job = uri('src/Message/Job.ts');
    assert.equal(client.diagnostics.get(job)?.[0]?.severity, 1);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ type: 'module', messenger: { diagnostics: { 'non-serializable-payload': 'hint' } } }),
    );
    server.filesChanged([{ uri: uri('package.json'), created: false }]);
    await server.whenIdle();
    assert.equal(client.diagnostics.get(job)?.[0]?.severity, 4);
    server.changeDocument(
      uri('package.json'),
      JSON.stringify({ type: 'module', messenger: { diagnostics: { 'non-serializable-payload': 'off' } } }),
    );
    await server.whenIdle();
    assert.deepEqual(client.diagnostics.get(job), []);
  });

  it('follows the config file createMessenger() names on disk, and analyses nothing again for other files', async () => {
    const { dir, client, server, uri } = setup(
      {},
      {
        'src/messenger.ts': `${RUNTIME}import { JobHandler } from './JobHandler.js';\nexport default createMessenger({ configFile: 'config/bus.yaml', handlers: [JobHandler] });\n`,
        'config/bus.yaml': yaml("transports:\n  async: 'sync://'\nrouting:\n  'App\\Message\\Job': async"),
      },
    );
    await server.whenIdle();
    const version = server.model({}).version;
    writeFileSync(join(dir, 'compose.yaml'), 'services: {}\n');
    server.filesChanged([
      { uri: uri('compose.yaml'), created: true },
      { uri: uri('README.md'), created: false },
    ]);
    server.openDocument(uri('README.md'), '# notes\n');
    await server.whenIdle();
    assert.equal(server.model({}).version, version, 'files the analysis does not read change nothing');
    writeFileSync(
      join(dir, 'config/bus.yaml'),
      yaml("transports:\n  async: 'sync://'\nrouting:\n  'App\\Message\\Job': asnyc"),
    );
    server.filesChanged([{ uri: uri('config/bus.yaml'), created: false }]);
    await server.whenIdle();
    assert.deepEqual(
      client.diagnostics.get(uri('config/bus.yaml'))?.map((d) => d.code),
      ['unknown-transport'],
    );
  });

  it('reads the config file named by its settings, and follows when they change', async () => {
    const custom = {
      'config/messenger/bus.yaml': yaml("transports:\n  async: 'sync://'\nrouting:\n  'App\\Message\\Job': asnyc"),
    };
    const { client, server, uri } = setup({ configFile: 'config/messenger/bus.yaml' }, custom);
    await server.whenIdle();
    assert.deepEqual(
      client.diagnostics.get(uri('config/messenger/bus.yaml'))?.map((d) => d.code),
      ['unknown-transport'],
    );
    assert.equal(server.configFile, 'config/messenger/bus.yaml');
    server.configure({ messenger: { env: 'dev' } });
    await server.whenIdle();
    assert.deepEqual(client.diagnostics.get(uri('config/messenger/bus.yaml')), []);
    assert.equal(server.configFile, undefined);
    server.configure({ messenger: { configFile: 'config/messenger/bus.yaml' } });
    await server.whenIdle();
    assert.deepEqual(
      client.diagnostics.get(uri('config/messenger/bus.yaml'))?.map((d) => d.code),
      ['unknown-transport'],
    );
  });

  it('applies an absolute config file to the project that contains it only', () => {
    const root = tempProject({
      'apps/a/config/packages/messenger.yaml': yaml("transports:\n  a: 'sync://'"),
      'apps/a/config/other.yaml': yaml("transports:\n  other: 'sync://'"),
      'apps/a/package.json': '{}',
      'apps/b/config/packages/messenger.yaml': yaml("transports:\n  b: 'sync://'"),
      'apps/b/package.json': '{}',
    });
    dirs.push(root);
    const server = new MessengerServer(new RecordingClient());
    server.initialize([root], { configFile: join(root, 'apps/a/config/other.yaml') });
    server.start();
    const transports = Object.fromEntries(
      server.model({}).projects.map((p) => [p.projectDir.slice(root.length), p.transports.map((t) => t.name)]),
    );
    assert.deepEqual(transports, { '/apps/a': ['other'], '/apps/b': ['b'] });
    server.dispose();
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
    server.start();
    assert.deepEqual(
      server
        .model({})
        .projects.map((p) => p.projectDir.slice(root.length))
        .sort(),
      ['/apps/billing', '/apps/orders'],
    );
    server.openDocument(pathToFileURL(join(root, 'libs/shared/index.ts')).href, 'export const x = 1;\n');
    assert.equal(server.model({}).projects.length, 2);
    server.dispose();
  });

  it('does not look for projects in dependencies, build output or hidden directories', () => {
    const messenger = yaml("transports:\n  async: 'sync://'");
    const root = tempProject({
      'package.json': '{}',
      'apps/orders/config/packages/messenger.yaml': messenger,
      'apps/orders/package.json': '{}',
      'node_modules/lib/config/packages/messenger.yaml': messenger,
      'dist/orders/config/packages/messenger.yaml': messenger,
      '.vscode-test/sample/config/packages/messenger.yaml': messenger,
    });
    dirs.push(root);
    assert.deepEqual(
      discoverProjects(root).map((dir) => dir.slice(root.length)),
      ['/apps/orders'],
    );
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
