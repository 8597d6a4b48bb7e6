/**
 * Quick-fixes over stdio, on copies of test/fixtures/quick-fixes (one mistake of each kind): the
 * server offers the fix on its diagnostic, resolves its edit, the edit is applied to the files
 * as an editor applies it, and a fresh analysis must no longer report the diagnostic and report
 * nothing new; the TypeScript it wrote must type-check (no type error that was not there before:
 * the fixture's empty decorator is one, which its fix removes).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Project } from 'ts-morph';
import type { CodeAction, Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol';
import { type Diagnostic, Workspace } from '../src/analysis/index.js';
import { applyWorkspaceEdit } from './support/applyEdit.js';
import { LspTestClient } from './support/lspClient.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/quick-fixes', import.meta.url));
const RUNTIME_TYPES = fileURLToPath(new URL('../../runtime/dist/index.d.ts', import.meta.url));
const CASES = [
  'create-handler',
  'add-method',
  'route-existing',
  'route-new',
  'replace-transport',
  'replace-bus',
  'write-class',
  'register',
  'env',
  'replace-class',
  'replace-key',
  'bind',
  'eager',
] as const;

/** What identifies a finding across an edit that moves lines: file, code, and its data (else its message). */
function identity(d: Diagnostic, dir: string): string {
  return `${d.file.slice(dir.length + 1)} ${d.code} ${d.data === undefined ? d.message : JSON.stringify(d.data, (k, v) => (k.endsWith('File') ? String(v).slice(dir.length + 1) : v))}`;
}

function analyse(dir: string): Diagnostic[] {
  return [...new Workspace({ projectDir: dir }).analyze().diagnostics];
}

/** Type-checks the project's sources with the runtime's declarations, as `tsc` would. */
function typeErrors(dir: string): string[] {
  const project = new Project({
    compilerOptions: {
      target: 9 /* ES2022 */,
      module: 7 /* ES2022 */,
      moduleResolution: 100 /* Bundler */,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      paths: { '@messenger-ts/runtime': [RUNTIME_TYPES] },
    },
  });
  project.addSourceFilesAtPaths(join(dir, 'src/**/*.ts'));
  return project
    .getPreEmitDiagnostics()
    .filter((d) => d.getSourceFile()?.getFilePath().startsWith(dir))
    .map((d) => {
      const text = d.getMessageText();
      return `${d
        .getSourceFile()
        ?.getFilePath()
        .slice(dir.length + 1)}: ${typeof text === 'string' ? text : text.getMessageText()}`;
    });
}

describe('quick-fixes over stdio', () => {
  let root: string;
  let client: LspTestClient;
  const dir = (name: (typeof CASES)[number]) => join(root, name);

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'messenger-fixes-'));
    for (const name of CASES) cpSync(FIXTURE, join(root, name), { recursive: true });
    // A routing key with a typo in the class name.
    const yaml = join(root, 'replace-class', 'config/packages/messenger.yaml');
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8').replace("'App\\Message\\NotifyWarehouse'", "'App\\Message\\NotifyWarehuose'"),
    );
    // A handler bound to a transport its message never comes from.
    const bound = join(root, 'bind', 'src/MessageHandler/OrderHandlers.ts');
    writeFileSync(
      bound,
      readFileSync(bound, 'utf8').replace(
        '@AsMessageHandler(NotifyWarehouse)',
        "@AsMessageHandler(NotifyWarehouse, { fromTransport: 'async' })",
      ),
    );
    // An option name with a typo.
    const keyYaml = join(root, 'replace-key', 'config/packages/messenger.yaml');
    writeFileSync(keyYaml, readFileSync(keyYaml, 'utf8').replace('default_bus:', 'defualt_bus:'));
    client = await LspTestClient.start(
      root,
      {},
      {
        textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } },
      },
    );
    await client.model();
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** The published diagnostic of a code in a file, by a part of its message. */
  function published(file: string, code: string, text = ''): LspDiagnostic {
    const diagnostics = client.diagnostics.get(client.uri(file)) ?? [];
    const found = diagnostics.find((d) => d.code === code && String(d.message).includes(text));
    assert.ok(
      found,
      `no ${code} diagnostic (${text}) published for ${file}: ${JSON.stringify(diagnostics.map((d) => d.code))}`,
    );
    return found;
  }

  async function actionsFor(file: string, diagnostic: LspDiagnostic): Promise<CodeAction[]> {
    return (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: client.uri(file) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
  }

  /**
   * Picks the action, resolves it, applies its edit, and checks the outcome: the diagnostic is
   * gone, nothing new is reported, the TypeScript type-checks. Returns the files it touched.
   */
  async function applyFix(
    name: (typeof CASES)[number],
    relativeFile: string,
    code: string,
    title: RegExp,
    messagePart = '',
  ): Promise<string[]> {
    const project = dir(name);
    const file = join(project, relativeFile);
    const diagnostic = published(file, code, messagePart);
    const actions = await actionsFor(file, diagnostic);
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action, `no action ${title} among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(action.kind, 'quickfix');
    assert.equal(action.edit, undefined, 'the edit is computed on resolve, not with the list');
    const resolved = (await client.connection.sendRequest('codeAction/resolve', action)) as CodeAction;
    assert.ok(resolved.edit, `resolve gave no edit for ${action.title}`);
    const before = analyse(project);
    const typeErrorsBefore = new Set(typeErrors(project));
    const touched = applyWorkspaceEdit(resolved.edit);
    const afterFix = analyse(project);
    const beforeIds = new Set(before.map((d) => identity(d, project)));
    const afterIds = new Set(afterFix.map((d) => identity(d, project)));
    const fixed = before.find(
      (d) => d.file === file && d.code === code && d.range.start.line === diagnostic.range.start.line,
    )!;
    assert.ok(!afterIds.has(identity(fixed, project)), `still reported after "${action.title}": ${fixed.message}`);
    assert.deepEqual(
      [...afterIds].filter((id) => !beforeIds.has(id)),
      [],
      `"${action.title}" made new diagnostics appear`,
    );
    assert.deepEqual(
      typeErrors(project).filter((error) => !typeErrorsBefore.has(error)),
      [],
      `new type errors after "${action.title}"`,
    );
    return touched.map((t) => t.slice(project.length + 1));
  }

  it('advertises code actions with resolve', () => {
    assert.deepEqual(client.capabilities.codeActionProvider, { codeActionKinds: ['quickfix'], resolveProvider: true });
  });

  it('creates a handler for a message that has none: a new file in the handlers directory, registered in createMessenger', async () => {
    const touched = await applyFix(
      'create-handler',
      'src/Controller/OrderController.ts',
      'missing-handler',
      /^Create PrintLabelHandler for PrintLabel in src\/MessageHandler\/PrintLabelHandler\.ts$/,
    );
    assert.deepEqual([...new Set(touched)].sort(), ['src/MessageHandler/PrintLabelHandler.ts', 'src/messenger.ts']);
    assert.equal(
      readFileSync(join(dir('create-handler'), 'src/MessageHandler/PrintLabelHandler.ts'), 'utf8'),
      [
        "import { AsMessageHandler } from '@messenger-ts/runtime';",
        "import { PrintLabel } from '../Message/PrintLabel.js';",
        '',
        '@AsMessageHandler(PrintLabel)',
        'export class PrintLabelHandler {',
        '  __invoke(message: PrintLabel): void {',
        '    // Handle PrintLabel here.',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const bootstrap = readFileSync(join(dir('create-handler'), 'src/messenger.ts'), 'utf8');
    assert.match(bootstrap, /import \{ PrintLabelHandler \} from '\.\/MessageHandler\/PrintLabelHandler\.js';/);
    assert.match(
      bootstrap,
      /handlers: \[SendReceiptHandler, new OrderHandlers\(\), GetStockHandler, PrintLabelHandler\]/,
    );
  });

  it('adds a handler method to a class that already handles several messages', async () => {
    const touched = await applyFix(
      'add-method',
      'src/Controller/OrderController.ts',
      'missing-handler',
      /^Add a handler method for PrintLabel to OrderHandlers$/,
    );
    assert.deepEqual(touched, ['src/MessageHandler/OrderHandlers.ts']);
    const text = readFileSync(join(dir('add-method'), 'src/MessageHandler/OrderHandlers.ts'), 'utf8');
    assert.match(text, /\n {2}@AsMessageHandler\(PrintLabel\)\n {2}printLabel\(message: PrintLabel\): void \{\n/);
    assert.match(text, /import \{ PrintLabel \} from '\.\.\/Message\/PrintLabel\.js';/);
  });

  it('routes a message to an existing transport, keeping the comments, order and indentation of messenger.yaml', async () => {
    const yaml = join(dir('route-existing'), 'config/packages/messenger.yaml');
    const original = readFileSync(yaml, 'utf8');
    await applyFix(
      'route-existing',
      'src/Controller/OrderController.ts',
      'unrouted-message',
      /^Route ArchiveOrder to "async" in messenger\.yaml$/,
      'ArchiveOrder',
    );
    assert.equal(
      readFileSync(yaml, 'utf8'),
      original.replace(
        "            'App\\Message\\NotifyWarehouse': mail\n",
        "            'App\\Message\\NotifyWarehouse': mail\n            'App\\Message\\ArchiveOrder': async\n",
      ),
    );
  });

  it('routes a message to a new transport, its DSN defined in .env', async () => {
    const touched = await applyFix(
      'route-new',
      'src/Controller/OrderController.ts',
      'unrouted-message',
      /^Route ArchiveOrder to a new transport "async2"$/,
      'ArchiveOrder',
    );
    assert.deepEqual(touched.sort(), ['.env', 'config/packages/messenger.yaml']);
    const yaml = readFileSync(join(dir('route-new'), 'config/packages/messenger.yaml'), 'utf8');
    assert.match(
      yaml,
      /\n {12}mail: '%env\(MAILER_TRANSPORT_DSN\)%'\n {12}async2: '%env\(MESSENGER_TRANSPORT_DSN\)%'\n/,
    );
    assert.match(yaml, /\n {12}'App\\Message\\ArchiveOrder': async2\n$/);
    assert.match(
      readFileSync(join(dir('route-new'), '.env'), 'utf8'),
      /\nMESSENGER_TRANSPORT_DSN=sqlite:\/\/var\/messenger\.db\n$/,
    );
  });

  it('replaces an unknown transport of messenger.yaml by the closest one', async () => {
    await applyFix(
      'replace-transport',
      'config/packages/messenger.yaml',
      'unknown-transport',
      /^Change "asnyc" to "async"$/,
    );
    assert.match(
      readFileSync(join(dir('replace-transport'), 'config/packages/messenger.yaml'), 'utf8'),
      /'App\\Message\\SendReceipt': async\n/,
    );
  });

  it("replaces an unknown bus of a handler's decorator by the closest one", async () => {
    await applyFix(
      'replace-bus',
      'src/MessageHandler/GetStockHandler.ts',
      'unknown-handler-bus',
      /^Change "qeury\.bus" to "query\.bus"$/,
    );
    assert.match(
      readFileSync(join(dir('replace-bus'), 'src/MessageHandler/GetStockHandler.ts'), 'utf8'),
      /@AsMessageHandler\(GetStock, \{ bus: 'query\.bus' \}\)/,
    );
  });

  it('writes the message class into a decorator that lacks it, importing it as a value', async () => {
    await applyFix(
      'write-class',
      'src/Legacy/LegacyReceiptHandler.ts',
      'missing-message-class',
      /^Write SendReceipt into @AsMessageHandler\(\)$/,
    );
    assert.ok(!typeErrors(dir('write-class')).some((e) => e.startsWith('src/Legacy/LegacyReceiptHandler.ts')));
    const text = readFileSync(join(dir('write-class'), 'src/Legacy/LegacyReceiptHandler.ts'), 'utf8');
    assert.match(text, /@AsMessageHandler\(SendReceipt\)\n/);
    assert.match(text, /^import \{ SendReceipt \} from '\.\.\/Message\/SendReceipt\.js';$/m);
  });

  it('registers an unregistered handler in createMessenger', async () => {
    await applyFix(
      'register',
      'src/Legacy/LegacyReceiptHandler.ts',
      'unregistered-handler',
      /^Register LegacyReceiptHandler in createMessenger\(\{ handlers \}\) in src\/messenger\.ts$/,
    );
    const text = readFileSync(join(dir('register'), 'src/messenger.ts'), 'utf8');
    assert.match(text, /import \{ LegacyReceiptHandler \} from '\.\/Legacy\/LegacyReceiptHandler\.js';/);
    assert.match(text, /GetStockHandler, LegacyReceiptHandler\]/);
  });

  it('defines a missing %env()% variable in .env', async () => {
    await applyFix('env', 'config/packages/messenger.yaml', 'env-not-found', /^Define MAILER_TRANSPORT_DSN in \.env$/);
    assert.equal(
      readFileSync(join(dir('env'), '.env'), 'utf8'),
      "# Committed defaults (Symfony's .env).\nAPP_ENV=dev\nMAILER_TRANSPORT_DSN=sqlite://var/messenger.db\n",
    );
  });

  it('replaces a routing key naming no class by the closest class name', async () => {
    await applyFix(
      'replace-class',
      'config/packages/messenger.yaml',
      'unknown-message-class',
      /^Change "App\\Message\\NotifyWarehuose" to "App\\Message\\NotifyWarehouse"$/,
    );
    assert.match(
      readFileSync(join(dir('replace-class'), 'config/packages/messenger.yaml'), 'utf8'),
      /\n {12}'App\\Message\\NotifyWarehouse': mail\n/,
    );
  });

  it('replaces an unknown option of messenger.yaml by the closest one', async () => {
    await applyFix(
      'replace-key',
      'config/packages/messenger.yaml',
      'unknown-key',
      /^Change "defualt_bus" to "default_bus"$/,
    );
    assert.match(
      readFileSync(join(dir('replace-key'), 'config/packages/messenger.yaml'), 'utf8'),
      /\n {8}default_bus: command\.bus\n/,
    );
  });

  it('binds a handler to the transport its message is routed to', async () => {
    await applyFix(
      'bind',
      'src/MessageHandler/OrderHandlers.ts',
      'unreachable-handler',
      /^Change fromTransport to "mail"$/,
    );
    assert.match(
      readFileSync(join(dir('bind'), 'src/MessageHandler/OrderHandlers.ts'), 'utf8'),
      /@AsMessageHandler\(NotifyWarehouse, \{ fromTransport: 'mail' \}\)/,
    );
  });

  it('gives the edits with the list to a client that cannot resolve code actions', async () => {
    const plain = await LspTestClient.start(dir('eager'));
    try {
      await plain.model();
      const file = join(dir('eager'), 'src/MessageHandler/GetStockHandler.ts');
      const diagnostic = (plain.diagnostics.get(plain.uri(file)) ?? []).find((d) => d.code === 'unknown-handler-bus');
      assert.ok(diagnostic, 'the diagnostic is published');
      const actions = (await plain.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: plain.uri(file) },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      })) as CodeAction[];
      assert.equal(actions.length, 1);
      assert.deepEqual(actions[0]!.edit, {
        documentChanges: [
          {
            textDocument: { uri: plain.uri(file), version: null },
            edits: [
              { range: { start: { line: 3, character: 36 }, end: { line: 3, character: 45 } }, newText: 'query.bus' },
            ],
          },
        ],
      });
    } finally {
      await plain.stop();
    }
  });

  it('offers nothing for a range without messenger diagnostics, and nothing when only other kinds are asked for', async () => {
    const file = join(dir('env'), 'src/Message/GetStock.ts');
    const none = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: client.uri(file) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(none, []);
    const yaml = join(dir('replace-bus'), 'config/packages/messenger.yaml');
    const diagnostic = published(yaml, 'unknown-transport');
    const refactors = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: client.uri(yaml) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['refactor'] },
    });
    assert.deepEqual(refactors, []);
    assert.ok(existsSync(yaml));
  });
});
