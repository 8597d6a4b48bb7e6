/**
 * The editor features over stdio, driven by a real JSON-RPC client on the `clean` fixture
 * project: hover texts, definition targets, reference sets, symbols, completion items, code
 * lens titles and rename edits. The fixture's files are never written: edits are the client's
 * open buffers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type {
  CodeLens,
  CompletionList,
  DocumentSymbol,
  Hover,
  Location,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { LspTestClient } from './support/lspClient.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/clean', import.meta.url));
const YAML = 'config/packages/messenger.yaml';

/** The position of the `at`-th character of the `nth` occurrence of a needle in a file's text. */
function positionIn(text: string, needle: string, at = 1, nth = 0): { line: number; character: number } {
  let index = -1;
  for (let n = 0; n <= nth; n++) {
    index = text.indexOf(needle, index + 1);
    assert.notEqual(index, -1, `"${needle}" (${n + 1}) in the text`);
  }
  const lines = text.slice(0, index + at).split('\n');
  return { line: lines.length - 1, character: lines.at(-1)!.length };
}

function positionOf(file: string, needle: string, at = 1, nth = 0): { line: number; character: number } {
  return positionIn(readFileSync(join(FIXTURE, file), 'utf8'), needle, at, nth);
}

/** `file:line` (1-based), relative to the fixture: easy to compare. */
function where(location: Location): string {
  return `${relative(FIXTURE, fileURLToPath(location.uri))}:${location.range.start.line + 1}`;
}

/** The text with the edits applied (in reverse order, as an editor does). */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const offset = (p: { line: number; character: number }): number =>
    text.split('\n').slice(0, p.line).join('\n').length + (p.line === 0 ? 0 : 1) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('editor features over stdio', () => {
  let client: LspTestClient;
  const request = <T>(method: string, file: string, position?: { line: number; character: number }, extra = {}) =>
    client.connection.sendRequest(method, {
      textDocument: { uri: client.uri(join(FIXTURE, file)) },
      ...(position === undefined ? {} : { position }),
      ...extra,
    }) as Promise<T>;
  const hover = async (file: string, needle: string, at = 1, nth = 0): Promise<string> => {
    const answer = await request<Hover | null>('textDocument/hover', file, positionOf(file, needle, at, nth));
    assert.ok(answer !== null, `a hover on "${needle}" in ${file}`);
    return (answer.contents as { value: string }).value;
  };

  before(async () => {
    client = await LspTestClient.start(FIXTURE);
    await client.model();
  });
  after(async () => {
    await client.stop();
  });

  it('advertises every feature in its initialize result', () => {
    const c = client.capabilities;
    assert.equal(c.hoverProvider, true);
    assert.equal(c.definitionProvider, true);
    assert.equal(c.referencesProvider, true);
    assert.equal(c.workspaceSymbolProvider, true);
    assert.equal(c.documentSymbolProvider, true);
    assert.equal(c.documentHighlightProvider, true);
    assert.deepEqual(c.completionProvider, { triggerCharacters: ["'", '"'] });
    assert.deepEqual(c.codeLensProvider, { resolveProvider: false });
    assert.deepEqual(c.renameProvider, { prepareProvider: true });
  });

  describe('hover', () => {
    it('on a message built with new: its transport with the rule that sent it there, its handlers, its payload', async () => {
      const text = await hover('src/Controller/OrderController.ts', 'PlaceOrder(orderId');
      assert.match(text, /^\*\*PlaceOrder\*\* · message/);
      assert.match(text, /- `async` `in-memory:\/\/` · routing key `App\\Message\\Command\\PlaceOrder` \(its class\)/);
      assert.match(
        text,
        /\[PlaceOrderHandler::__invoke\]\(file:\/\/.*PlaceOrderHandler\.ts#L5\) on `command\.bus`, only from `async`/,
      );
      assert.match(text, /\[AuditHandler::__invoke\]\(.*\) on `event\.bus`, priority -10/);
      assert.match(text, /\*\*Payload\*\*: survives the serializer of `async`\./);
    });

    it('on a message as a type, routed by its parent class: the parent rule and the @AsMessage name', async () => {
      const text = await hover('src/MessageHandler/OrderEventHandlers.ts', 'OrderPlaced):', 1);
      assert.match(text, /^\*\*OrderPlaced\*\* · message `app\.order_placed`/);
      assert.match(text, /routing key `App\\Message\\Event\\OrderEvent` \(its parent `OrderEvent`\)/);
    });

    it('on a message routed nowhere: handled synchronously; on one routed by @AsMessage: says so', async () => {
      assert.match(
        await hover('src/Message/Query/GetOrderTotal.ts', 'GetOrderTotal'),
        /\*\*Handled synchronously\*\*: no routing rule sends it to a transport\./,
      );
      assert.match(
        await hover('src/Message/Notification/SendReceipt.ts', 'SendReceipt {'),
        /- `notifications` `in-memory:\/\/\?serialize=true` · `@AsMessage`/,
      );
    });

    it('on a handler: its message, its bus, the transports it is called from', async () => {
      const text = await hover('src/MessageHandler/PlaceOrderHandler.ts', 'AsMessageHandler(PlaceOrder');
      assert.match(text, /^\*\*PlaceOrderHandler::__invoke\*\* · handler/);
      assert.match(text, /- Handles \[PlaceOrder\]\(file:.*PlaceOrder\.ts#L4\)/);
      assert.match(text, /- Bus: `command\.bus`/);
      assert.match(text, /- Called from `async`/);
    });

    it('in messenger.yaml: a transport (DSN masked, retries, failure transport, what routes to it)', async () => {
      const text = await hover(YAML, 'async:');
      assert.match(text, /^\*\*async\*\* · transport/);
      assert.match(text, /- DSN `in-memory:\/\/` from `%env\(MESSENGER_TRANSPORT_DSN\)%`, scheme `in-memory`/);
      assert.match(text, /- Retries: 5 times, after 500 ms ×2/);
      assert.match(text, /- Failure transport `failed`/);
      assert.match(text, /\*\*Routed here\*\*\n- \[PlaceOrder\]/);
      assert.match(
        text,
        /- \[OrderShipped\]\(.*\) · routing key `App\\Message\\Event\\OrderEvent` \(its parent `OrderEvent`\)/,
      );
    });

    it('in messenger.yaml: a bus (middleware, messages) and a routing key (its class and handlers)', async () => {
      const bus = await hover(YAML, 'event.bus');
      assert.match(bus, /^\*\*event\.bus\*\* · bus/);
      assert.match(bus, /- Default middleware: on, messages without handlers allowed/);
      assert.match(bus, /\[app\.order_placed\]\(.*\) → `OrderEventHandlers::onPlaced`/);
      const key = await hover(YAML, 'CancelOrder: sync');
      assert.match(key, /^Routing key `CancelOrder` → `sync`/);
      assert.match(key, /\*\*CancelOrder\*\* · message/);
      assert.match(key, /CancelOrderHandler::__invoke/);
    });

    it('in the code: a transport named by fromTransport, a bus named by getBus', async () => {
      assert.match(await hover('src/MessageHandler/PlaceOrderHandler.ts', "'async'", 2), /^\*\*async\*\* · transport/);
      assert.match(await hover('src/app.ts', 'query.bus', 2), /^\*\*query\.bus\*\* · bus/);
    });

    it('at a dispatch with a TransportNamesStamp: the transports it names, instead of the routing', async () => {
      const file = 'src/Controller/OrderController.ts';
      const path = join(FIXTURE, file);
      const text = readFileSync(path, 'utf8')
        .replace('import { DelayStamp,', 'import { DelayStamp, TransportNamesStamp,')
        .replace('dispatch(command);', "dispatch(command, [new TransportNamesStamp(['notifications'])]);");
      await client.open(path, text);
      try {
        const answer = await request<Hover>('textDocument/hover', file, positionIn(text, 'dispatch(command', 10));
        const value = (answer.contents as { value: string }).value;
        assert.match(
          value,
          /\*\*Sent to\*\*, at this dispatch\n- `notifications` `in-memory:\/\/\?serialize=true` · `TransportNamesStamp` \(instead of the routing\)/,
        );
        const elsewhere = await request<Hover>('textDocument/hover', file, positionIn(text, 'PlaceOrder(orderId'));
        assert.match((elsewhere.contents as { value: string }).value, /- `async` `in-memory:\/\/` · routing key/);
      } finally {
        await client.close(path);
      }
    });

    it('nothing where there is nothing to say', async () => {
      const answer = await request('textDocument/hover', 'src/Model/Customer.ts', { line: 2, character: 12 });
      assert.equal(answer, null);
    });
  });

  describe('navigation', () => {
    const definition = async (file: string, needle: string, at = 1, nth = 0) =>
      (
        (await request<Location[] | null>('textDocument/definition', file, positionOf(file, needle, at, nth))) ?? []
      ).map(where);

    it('goes from a routing key to its class, from a transport or bus name to its key, from a dispatch to the handlers', async () => {
      assert.deepEqual(await definition(YAML, 'OrderEvent'), ['src/Message/Event/OrderEvent.ts:2']);
      assert.deepEqual(await definition('src/MessageHandler/PlaceOrderHandler.ts', "'async'", 2), [`${YAML}:13`]);
      assert.deepEqual(await definition('src/MessageHandler/PlaceOrderHandler.ts', "'command.bus'", 2), [`${YAML}:7`]);
      assert.deepEqual(await definition(YAML, 'failure_transport: failed', 20), [`${YAML}:22`]);
      assert.deepEqual(await definition('src/Controller/OrderController.ts', 'dispatch(command)', 10), [
        'src/MessageHandler/PlaceOrderHandler.ts:5',
      ]);
      assert.deepEqual(await definition('src/MessageHandler/CancelOrderHandler.ts', '__invoke'), [
        'src/Message/Command/CancelOrder.ts:1',
      ]);
    });

    it('finds the references of a message (routing key, dispatch, handler) and of a transport (YAML and code)', async () => {
      const refs = async (file: string, needle: string, includeDeclaration: boolean, at = 1) =>
        (
          (await request<Location[]>('textDocument/references', file, positionOf(file, needle, at), {
            context: { includeDeclaration },
          })) ?? []
        )
          .map(where)
          .sort();
      assert.deepEqual(await refs('src/Message/Command/PlaceOrder.ts', 'PlaceOrder {', true), [
        `${YAML}:25`,
        'src/Controller/OrderController.ts:15',
        'src/Message/Command/PlaceOrder.ts:4',
        'src/MessageHandler/PlaceOrderHandler.ts:5',
      ]);
      assert.deepEqual(await refs('src/Message/Command/PlaceOrder.ts', 'PlaceOrder {', false), [
        `${YAML}:25`,
        'src/Controller/OrderController.ts:15',
        'src/MessageHandler/PlaceOrderHandler.ts:5',
      ]);
      assert.deepEqual(await refs(YAML, 'async:', true), [
        `${YAML}:13`,
        `${YAML}:25`,
        `${YAML}:27`,
        'src/MessageHandler/PlaceOrderHandler.ts:5',
      ]);
      assert.deepEqual(await refs(YAML, 'event.bus', true), [
        `${YAML}:9`,
        'src/MessageHandler/AuditHandler.ts:4',
        'src/MessageHandler/OrderEventHandlers.ts:10',
        'src/MessageHandler/OrderEventHandlers.ts:16',
        'src/messenger.ts:13',
      ]);
    });

    it('lists workspace symbols: messages, handlers, transports, buses, matched by the letters of the query', async () => {
      const symbols = (await client.connection.sendRequest('workspace/symbol', {
        query: 'ordr',
      })) as SymbolInformation[];
      const names = symbols.map((s) => `${s.containerName} ${s.name}`);
      for (const expected of ['message PlaceOrder', 'handler PlaceOrderHandler::__invoke', 'message OrderShipped'])
        assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
      const all = (await client.connection.sendRequest('workspace/symbol', { query: '' })) as SymbolInformation[];
      assert.deepEqual(
        all.filter((s) => s.containerName === 'transport' || s.containerName === 'bus').map((s) => s.name),
        ['async', 'notifications', 'sync', 'failed', 'command.bus', 'query.bus', 'event.bus'],
      );
    });

    it('outlines messenger.yaml', async () => {
      const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', YAML);
      const messenger = symbols[0]!.children![0]!;
      assert.equal(`${symbols[0]!.name}.${messenger.name}`, 'framework.messenger');
      const section = (name: string) => messenger.children!.find((s) => s.name === name)!;
      assert.deepEqual(
        section('transports').children!.map((s) => s.name),
        ['async', 'notifications', 'sync', 'failed'],
      );
      assert.deepEqual(
        section('transports').children![0]!.children!.map((s) => s.name),
        ['dsn', 'options', 'retry_strategy'],
      );
      assert.deepEqual(
        section('routing').children!.map((s) => `${s.name}: ${s.detail ?? ''}`),
        ['App\\Message\\Command\\PlaceOrder: async', 'App\\Message\\Event\\OrderEvent: async', 'CancelOrder: sync'],
      );
      assert.equal(await request('textDocument/documentSymbol', 'src/app.ts'), null);
    });
  });

  describe('completion', () => {
    /** Completion labels at `‸` in a buffer whose text is the file's with one replacement. */
    const complete = async (file: string, search: string, replacement: string): Promise<string[]> => {
      const path = join(FIXTURE, file);
      const original = readFileSync(path, 'utf8');
      assert.ok(original.includes(search), search);
      const edited = original.replace(search, replacement);
      await client.open(path, edited.replace('‸', ''));
      try {
        const list = await request<CompletionList | null>('textDocument/completion', file, positionIn(edited, '‸', 0));
        return (list?.items ?? []).map((item) => item.label);
      } finally {
        await client.close(path);
      }
    };

    it('in messenger.yaml: transport names in routing (block and flow) and failure_transport, bus names in default_bus', async () => {
      const transports = ['async', 'notifications', 'sync', 'failed'];
      assert.deepEqual(await complete(YAML, 'CancelOrder: sync', 'CancelOrder: ‸'), transports);
      assert.deepEqual(await complete(YAML, 'CancelOrder: sync', 'CancelOrder: [sync, ‸]'), transports);
      assert.deepEqual(await complete(YAML, 'failure_transport: failed', 'failure_transport: f‸'), transports);
      assert.deepEqual(await complete(YAML, 'default_bus: command.bus', 'default_bus: ‸'), [
        'command.bus',
        'query.bus',
        'event.bus',
      ]);
    });

    it('in messenger.yaml: message classes as routing keys, by their namespaced and registered names', async () => {
      const labels = await complete(YAML, '        routing:\n', '        routing:\n            ‸\n');
      for (const name of [
        'App\\Message\\Query\\GetOrderTotal',
        'GetOrderTotal',
        'app.order_placed',
        'App\\Message\\Event\\OrderPlaced',
        '*',
      ])
        assert.ok(labels.includes(name), `${name} in ${labels.join(', ')}`);
    });

    it('in messenger.yaml: section keys, transport options by DSN scheme and their values, middleware ids', async () => {
      assert.deepEqual(
        await complete(
          YAML,
          "            sync: 'sync://'\n",
          "            sync: 'sync://'\n            audit:\n                ‸\n",
        ),
        ['dsn', 'serializer', 'options', 'failure_transport', 'retry_strategy', 'rate_limiter'],
      );
      assert.deepEqual(
        await complete(
          YAML,
          '                    serialize: true\n',
          '                    serialize: true\n                    ‸\n',
        ),
        ['serialize'],
      );
      assert.deepEqual(await complete(YAML, 'serialize: true', 'serialize: ‸'), ['true', 'false']);
      const middleware = await complete(
        YAML,
        '            query.bus: ~',
        '            query.bus:\n                middleware:\n                    - ‸',
      );
      assert.ok(
        middleware.includes('validation') && middleware.includes('dispatch_after_current_bus'),
        middleware.join(),
      );
    });

    it('in messenger.yaml: a DSN, its scheme or a .env variable (quoted when it is not yet)', async () => {
      const labels = await complete(YAML, "sync: 'sync://'", "sync: '‸'");
      assert.deepEqual(labels.slice(0, 3), ['%env(MESSENGER_TRANSPORT_DSN)%', 'sync://', 'in-memory://']);
      assert.ok(labels.includes('redis://') && labels.includes('doctrine://'), labels.join());
      const path = join(FIXTURE, YAML);
      const edited = readFileSync(path, 'utf8').replace("sync: 'sync://'", 'sync: ‸');
      await client.open(path, edited.replace('‸', ''));
      try {
        const list = await request<CompletionList>('textDocument/completion', YAML, positionIn(edited, '‸', 0));
        assert.equal((list.items[0]!.textEdit as TextEdit).newText, "'%env(MESSENGER_TRANSPORT_DSN)%'");
      } finally {
        await client.close(path);
      }
    });

    it("in another environment's messenger.yaml, which this environment does not read", async () => {
      const path = join(FIXTURE, 'config/packages/test/messenger.yaml');
      const text = 'framework:\n    messenger:\n        routing:\n            CancelOrder: ‸\n';
      await client.open(path, text.replace('‸', ''));
      try {
        const list = await request<CompletionList>(
          'textDocument/completion',
          'config/packages/test/messenger.yaml',
          positionIn(text, '‸', 0),
        );
        assert.deepEqual(
          list.items.map((item) => item.label),
          ['async', 'notifications', 'sync', 'failed'],
        );
      } finally {
        await client.close(path);
      }
    });

    it('in the code: transport names for fromTransport, bus names for bus and getBus', async () => {
      assert.deepEqual(
        await complete('src/MessageHandler/PlaceOrderHandler.ts', "fromTransport: 'async'", "fromTransport: '‸'"),
        ['async', 'notifications', 'sync', 'failed'],
      );
      assert.deepEqual(await complete('src/MessageHandler/PlaceOrderHandler.ts', "bus: 'command.bus'", "bus: 'c‸'"), [
        'command.bus',
        'query.bus',
        'event.bus',
      ]);
      assert.deepEqual(await complete('src/app.ts', "getBus('query.bus')", "getBus('‸')"), [
        'command.bus',
        'query.bus',
        'event.bus',
      ]);
      assert.deepEqual(await complete('src/app.ts', 'messenger.bus', 'messenger.b‸us'), []);
    });

    it('in the code, a value not quoted yet: the names come quoted', async () => {
      const path = join(FIXTURE, 'src/MessageHandler/PlaceOrderHandler.ts');
      const edited = readFileSync(path, 'utf8').replace("fromTransport: 'async'", 'fromTransport: as‸');
      await client.open(path, edited.replace('‸', ''));
      try {
        const list = await request<CompletionList>(
          'textDocument/completion',
          'src/MessageHandler/PlaceOrderHandler.ts',
          positionIn(edited, '‸', 0),
        );
        const first = list.items[0]!.textEdit as TextEdit;
        assert.equal(first.newText, "'async'");
        assert.deepEqual(first.range.start, positionIn(edited, 'as‸', 0));
      } finally {
        await client.close(path);
      }
    });
  });

  describe('code lens', () => {
    const titles = async (file: string) =>
      ((await request<CodeLens[]>('textDocument/codeLens', file)) ?? []).map(
        (lens) => `${lens.range.start.line + 1} ${lens.command!.title}`,
      );

    it('above a message: its handlers and transports; above a handler: its message, bus and sources', async () => {
      assert.deepEqual(await titles('src/Message/Command/PlaceOrder.ts'), ['4 2 handlers · routed to async']);
      assert.deepEqual(await titles('src/Message/Query/GetOrderTotal.ts'), ['1 2 handlers · handled on dispatch']);
      assert.deepEqual(await titles('src/MessageHandler/PlaceOrderHandler.ts'), [
        '5 handles PlaceOrder on command.bus from async',
      ]);
      assert.deepEqual(await titles('src/MessageHandler/OrderEventHandlers.ts'), [
        '10 handles app.order_placed on event.bus from async',
        '16 handles OrderShipped on event.bus from async',
      ]);
    });

    it('a click shows the places: the messenger.showLocations command with LSP locations', async () => {
      const [lens] = await request<CodeLens[]>('textDocument/codeLens', 'src/Message/Command/PlaceOrder.ts');
      assert.equal(lens!.command!.command, 'messenger.showLocations');
      const [uri, position, locations] = lens!.command!.arguments as [string, unknown, Location[]];
      assert.equal(uri, client.uri(join(FIXTURE, 'src/Message/Command/PlaceOrder.ts')));
      assert.deepEqual(position, lens!.range.start);
      assert.deepEqual(locations.map(where).sort(), [
        'src/MessageHandler/AuditHandler.ts:4',
        'src/MessageHandler/PlaceOrderHandler.ts:5',
      ]);
    });
  });

  describe('rename', () => {
    it('of a transport: every place in messenger.yaml and the code; applied, the project stays clean', async () => {
      const file = 'src/MessageHandler/PlaceOrderHandler.ts';
      const position = positionOf(file, "'async'", 3);
      const prepared = await request<{ placeholder: string; range: unknown }>(
        'textDocument/prepareRename',
        file,
        position,
      );
      assert.equal(prepared.placeholder, 'async');
      const edit = await request<WorkspaceEdit>('textDocument/rename', file, position, { newName: 'orders' });
      const changes = Object.entries(edit.changes!).map(([uri, edits]) => [
        relative(FIXTURE, fileURLToPath(uri)),
        edits.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.newText}`),
      ]);
      assert.deepEqual(changes, [
        [YAML, ['13:13 orders', '25:47 orders', '27:45 orders']],
        [file, ['5:69 orders']],
      ]);
      for (const [uri, edits] of Object.entries(edit.changes!)) {
        const path = fileURLToPath(uri);
        await client.open(path, applyEdits(readFileSync(path, 'utf8'), edits));
      }
      const { projects } = await client.model();
      assert.deepEqual(client.summary(FIXTURE), []);
      assert.deepEqual(
        projects[0]!.messages.find((m) => m.name === 'PlaceOrder')!.routes.map((r) => r.transport),
        ['orders'],
      );
      for (const uri of Object.keys(edit.changes!)) await client.close(fileURLToPath(uri));
    });

    it('of a bus, from its key in messenger.yaml: the keys, the decorators and getBus', async () => {
      const edit = await request<WorkspaceEdit>('textDocument/rename', YAML, positionOf(YAML, 'query.bus'), {
        newName: 'queries',
      });
      assert.deepEqual(
        Object.keys(edit.changes!).map((uri) => relative(FIXTURE, fileURLToPath(uri))),
        [YAML, 'src/MessageHandler/GetOrderTotalHandler.ts', 'src/app.ts'],
      );
    });

    it('refuses a name that exists or cannot be, and what is no transport or bus', async () => {
      const position = positionOf(YAML, 'async:');
      await assert.rejects(
        request('textDocument/rename', YAML, position, { newName: 'sync' }),
        /A transport named "sync" already exists/,
      );
      await assert.rejects(
        request('textDocument/rename', YAML, position, { newName: 'a b' }),
        /cannot name a transport/,
      );
      assert.equal(
        await request('textDocument/prepareRename', 'src/app.ts', positionOf('src/app.ts', 'OrderController')),
        null,
      );
    });
  });

  it('a file nested deeper than the parser can follow: reported, and every feature still answers, in it and elsewhere', async () => {
    const deep = join(FIXTURE, 'src/Generated/deep.ts');
    const text = `const a = ${'['.repeat(5_000)}1${']'.repeat(5_000)};\nconst b = a${'.b()'.repeat(2_000)};\n`;
    await client.open(deep, text);
    try {
      const { projects } = await client.model();
      assert.equal(projects.length, 1);
      const summary = client.summary(FIXTURE);
      assert.equal(summary.length, 1, summary.join('\n'));
      assert.match(summary[0]!, /^src\/Generated\/deep\.ts:\S+ file-not-analysed .*nested too deeply/);
      assert.equal(await request('textDocument/hover', 'src/Generated/deep.ts', { line: 0, character: 20 }), null);
      assert.match(await hover('src/Message/Command/PlaceOrder.ts', 'PlaceOrder'), /\*\*PlaceOrder\*\* · message/);
      assert.equal((await request<CodeLens[]>('textDocument/codeLens', 'src/Generated/deep.ts')).length, 0);
    } finally {
      await client.close(deep);
    }
  });

  it('wrote nothing to stderr', () => {
    assert.equal(client.stderr, '');
  });
});
