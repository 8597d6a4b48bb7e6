import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Workspace } from '../src/analysis/index.js';
import { analyzeProject, codes, removeProject, RUNTIME, tempProject, yaml } from './support/project.js';

const dirs: string[] = [];
const analyze = (files: Record<string, string>, options = {}) => {
  const result = analyzeProject(files, options);
  dirs.push(result.dir);
  return result;
};
after(() => dirs.forEach(removeProject));

const message = (name: string, body = '') => `export class ${name} { ${body} }\n`;

describe('the model', () => {
  it('follows buses through getBus() in factories, messenger.bus, imports and dynamic imports', () => {
    const result = analyze({
      'config/packages/messenger.yaml': yaml(`
default_bus: command.bus
buses:
  command.bus: ~
  event.bus: ~
`),
      'src/Message/Done.ts': message('Done'),
      'src/Message/Start.ts': message('Start'),
      'src/Handler.ts': `${RUNTIME}import { Done } from './Message/Done.js';\nimport { Start } from './Message/Start.js';
export class Handler {
  constructor(private readonly events: MessageBusInterface) {}
  @AsMessageHandler(Start) async start(m: Start) { await this.events.dispatch(new Done()); }
  @AsMessageHandler(Done) done(m: Done) {}
}\n`,
      'src/messenger.ts': `${RUNTIME}import { Handler } from './Handler.js';\nexport default createMessenger({ handlers: [({ getBus }) => new Handler(getBus('event.bus'))] });\n`,
      'src/main.ts': `import { Start } from './Message/Start.js';\nconst { default: app } = await import('./messenger.js');\nconst messenger = await app;\nawait messenger.bus.dispatch(new Start());\n`,
    });
    const sites = result.projectModel().dispatches.map((d) => [d.messageName, d.buses]);
    assert.deepEqual(sites.sort(), [
      ['Done', ['event.bus']],
      ['Start', ['command.bus']],
    ]);
  });

  it('ignores .dispatch() on anything that is not a bus', () => {
    const result = analyze({
      'src/Message/Done.ts': message('Done'),
      'src/store.ts': `import { Done } from './Message/Done.js';\nconst store = { dispatch(action: object) {} };\nstore.dispatch(new Done());\n`,
    });
    assert.deepEqual(result.projectModel().dispatches, []);
  });

  it('infers the handled message from the parameter type, and reports the missing decorator argument', () => {
    const result = analyze({
      'src/Message/Ping.ts': message('Ping'),
      'src/PingHandler.ts': `${RUNTIME}import { Ping } from './Message/Ping.js';\n@AsMessageHandler()\nexport class PingHandler { __invoke(m: Ping) {} }\n`,
    });
    const handler = result.projectModel().handlers[0]!;
    assert.equal(handler.handlesName, 'Ping');
    assert.equal(handler.inferred, true);
    assert.deepEqual(codes(result, 'missing-message-class'), ['missing-message-class src/PingHandler.ts:3:1']);
    assert.match(
      result.diagnostics.find((d) => d.code === 'missing-message-class')!.message,
      /Write @AsMessageHandler\(Ping\)/,
    );
  });

  it('without a createMessenger() call, assumes every decorated handler registered and says so', () => {
    const result = analyze({
      'src/Message/Ping.ts': message('Ping'),
      'src/PingHandler.ts': `${RUNTIME}import { Ping } from './Message/Ping.js';\n@AsMessageHandler(Ping)\nexport class PingHandler { __invoke(m: Ping) {} }\n`,
    });
    assert.deepEqual(codes(result), ['no-application src/PingHandler.ts:4:14']);
    assert.equal(result.projectModel().handlers[0]!.registered, true);
    assert.deepEqual(
      result.projectModel().handlerMapping.buses[0]!.messages.map((m) => m.message),
      ['Ping'],
    );
  });

  it('routes by the runtime rule: exact class, parent class, @AsMessage, then *', () => {
    const result = analyze({
      'config/packages/messenger.yaml': yaml(`
transports:
  a: 'sync://'
  b: 'sync://'
  c: 'sync://'
routing:
  'App\\Message\\Base': a
  Own: b
  '*': c
`),
      'src/Message/Base.ts': 'export abstract class Base {}\n',
      'src/Message/Child.ts': "import { Base } from './Base.js';\nexport class Child extends Base {}\n",
      'src/Message/Own.ts': "import { Base } from './Base.js';\nexport class Own extends Base {}\n",
      'src/Message/Tagged.ts': `${RUNTIME}@AsMessage({ transport: 'b' })\nexport class Tagged {}\n`,
      'src/Message/Plain.ts': message('Plain'),
      'src/Handlers.ts': `${RUNTIME}import { Child } from './Message/Child.js';\nimport { Own } from './Message/Own.js';\nimport { Tagged } from './Message/Tagged.js';\nimport { Plain } from './Message/Plain.js';
export class Handlers {
  @AsMessageHandler(Child) child(m: Child) {}
  @AsMessageHandler(Own) own(m: Own) {}
  @AsMessageHandler(Tagged) tagged(m: Tagged) {}
  @AsMessageHandler(Plain) plain(m: Plain) {}
}\n`,
      'src/messenger.ts': `${RUNTIME}import { Handlers } from './Handlers.js';\nexport default createMessenger({ handlers: [new Handlers()] });\n`,
    });
    const routes = Object.fromEntries(
      result.projectModel().messages.map((m) => [m.name, m.routes.map((r) => `${r.transport}:${r.source}`)]),
    );
    assert.deepEqual(routes, {
      Child: ['a:parent'],
      Own: ['b:class', 'a:parent'],
      Tagged: ['b:attribute'],
      Plain: ['c:wildcard'],
      Base: ['a:class'],
    });
  });

  it('lets package.json and the options change severities, or switch a code off', () => {
    const files = {
      'src/Message/Ping.ts': message('Ping'),
      'src/PingHandler.ts': `${RUNTIME}import { Ping } from './Message/Ping.js';\n@AsMessageHandler(Ping)\nexport class PingHandler { __invoke(m: Ping) {} }\n`,
      'src/messenger.ts': `${RUNTIME}import { PingHandler } from './PingHandler.js';\nimport { CountA, CountB } from './CountHandlers.js';\nimport { Ping } from './Message/Ping.js';\nconst messenger = await createMessenger({ handlers: [PingHandler] });\nawait messenger.dispatch(new Ping());\n`,
    };
    assert.equal(analyze(files).diagnostics.find((d) => d.code === 'unrouted-message')?.severity, 'information');
    assert.equal(
      analyze(files, { severities: { 'unrouted-message': 'warning' } }).diagnostics.find(
        (d) => d.code === 'unrouted-message',
      )?.severity,
      'warning',
    );
    assert.deepEqual(analyze(files, { severities: { 'unrouted-message': 'off' } }).diagnostics, []);
  });

  it('warns about handler entries it cannot follow instead of guessing which handlers are registered', () => {
    const result = analyze({
      'src/Message/Ping.ts': message('Ping'),
      'src/PingHandler.ts': `${RUNTIME}import { Ping } from './Message/Ping.js';\n@AsMessageHandler(Ping)\nexport class PingHandler { __invoke(m: Ping) {} }\n`,
      'src/messenger.ts': `${RUNTIME}import { PingHandler } from './PingHandler.js';\nfunction build() { return new PingHandler(); }\nexport default createMessenger({ handlers: [build()] });\n`,
    });
    assert.deepEqual(codes(result), ['unresolved-handler-entry src/messenger.ts:4:45']);
  });
});

describe('registration the analysis cannot follow', () => {
  const ping = `${RUNTIME}import { Ping } from './Message/Ping.js';\n@AsMessageHandler(Ping)\nexport class PingHandler { __invoke(m: Ping) {} }\n`;
  const queries = `${RUNTIME}import { Count } from './Message/Count.js';\nexport class CountA { @AsMessageHandler(Count) a(m: Count) { return 1; } }\nexport class CountB { @AsMessageHandler(Count) b(m: Count) { return 2; } }\n`;
  const app = (handlers: string) => ({
    'src/Message/Ping.ts': message('Ping'),
    'src/Message/Count.ts': message('Count'),
    'src/Message/Orphan.ts': message('Orphan'),
    'src/PingHandler.ts': ping,
    'src/CountHandlers.ts': queries,
    'src/handlers.ts': `import { PingHandler } from './PingHandler.js';\nexport function allHandlers() { return [new PingHandler()]; }\n`,
    'src/messenger.ts': `${RUNTIME}import { allHandlers } from './handlers.js';\nimport { PingHandler } from './PingHandler.js';\nimport { CountA, CountB } from './CountHandlers.js';\nimport { Ping } from './Message/Ping.js';\nimport { Count } from './Message/Count.js';\nimport { Orphan } from './Message/Orphan.js';
const messenger = await createMessenger(${handlers});
await messenger.dispatch(new Ping());
await messenger.dispatch(new Orphan());
await handle(messenger.bus, new Count());
export default messenger;\n`,
  });

  it('assumes every decorated handler registered when a handlers entry cannot be followed, and reports nothing that depends on the list', () => {
    const result = analyze(app('{ handlers: allHandlers() }'));
    const found = new Set<string>(result.diagnostics.map((d) => d.code));
    for (const code of ['missing-handler', 'ambiguous-query-handlers', 'unregistered-handler'])
      assert.ok(!found.has(code), `${code}: ${JSON.stringify(codes(result))}`);
    assert.deepEqual(codes(result, 'unresolved-handler-entry'), ['unresolved-handler-entry src/messenger.ts:8:53']);
    assert.match(
      result.diagnostics.find((d) => d.code === 'unresolved-handler-entry')!.message,
      /every @AsMessageHandler class is assumed registered/,
    );
    assert.ok(result.projectModel().handlers.every((h) => h.registered));
  });

  it('treats options it cannot read (a spread) as unknown, not absent', () => {
    const files = app('{ ...options }');
    files['src/messenger.ts'] = files['src/messenger.ts']!.replace(
      'const messenger',
      'const options = { handlers: allHandlers() };\nconst messenger',
    );
    const result = analyze({
      ...files,
      'config/packages/messenger.yaml': yaml("buses:\n  messenger.bus.default:\n    middleware: ['app.audit']"),
    });
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity !== 'information').map((d) => d.code),
      [],
    );
    assert.deepEqual(codes(result, 'unresolved-handler-entry'), ['unresolved-handler-entry src/messenger.ts:9:25']);
  });

  it('still reports missing and duplicate handlers when every entry is followed', () => {
    const result = analyze(app('{ handlers: [CountA, CountB] }'));
    assert.deepEqual(
      [...new Set(result.diagnostics.map((d) => d.code))].filter((c) => c !== 'unrouted-message').sort(),
      ['ambiguous-query-handlers', 'missing-handler', 'unregistered-handler'],
    );
  });
});

describe('what createMessenger() changes in the config', () => {
  const kafka = (factories: string, extra: Record<string, string> = {}) =>
    analyze({
      'config/packages/messenger.yaml': yaml(
        "transports:\n  events: 'kafka://broker:9092'\n  audit: 'nats://broker:4222?stream=audit'",
      ),
      'src/Transport/factories.ts': `export const kafkaFactory = { schemes: ['kafka'], label: 'Kafka', options: {}, createTransport: async () => { throw new Error(); } };
export class NatsFactory { readonly schemes = ['nats']; readonly label = 'NATS'; readonly options = {}; createTransport() { throw new Error(); } }\n`,
      'src/messenger.ts': `${RUNTIME}import { kafkaFactory, NatsFactory } from './Transport/factories.js';\nexport default createMessenger({ transportFactories: ${factories} });\n`,
      ...extra,
    });

  it('knows the schemes of the transport factories it is given, as object literals or class fields', () => {
    assert.deepEqual(kafka('[kafkaFactory, new NatsFactory()]').diagnostics, []);
  });

  it('still refuses a scheme no factory handles', () => {
    const result = kafka('[kafkaFactory]');
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.severity]),
      [['unknown-dsn-scheme', 'error']],
    );
    assert.match(result.diagnostics[0]!.message, /unknown scheme "nats"/);
  });

  it('only informs about an unknown scheme when it cannot read the factories', () => {
    const result = kafka('[kafkaFactory, makeNats()]', {
      'src/Transport/nats.ts': 'export function makeNats() { return {}; }\n',
    });
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.severity]),
      [['unknown-dsn-scheme', 'information']],
    );
    assert.match(result.diagnostics[0]!.message, /createMessenger\(\{ transportFactories \}\) may provide it/);
  });

  it('reads the config file createMessenger() names, messenger.yml included', () => {
    const result = analyze({
      'config/packages/messenger.yml': yaml("transports:\n  async: 'sync://'\nrouting:\n  Ping: asnyc"),
      'src/Message/Ping.ts': message('Ping'),
      'src/messenger.ts': `${RUNTIME}import { Ping } from './Message/Ping.js';\nexport default createMessenger({ configFile: 'config/packages/messenger.yml', messages: [Ping] });\n`,
    });
    assert.deepEqual(codes(result), [
      'missing-handler config/packages/messenger.yml:6:7',
      'unknown-transport config/packages/messenger.yml:6:13',
    ]);
  });
});

describe('services named in messenger.yaml', () => {
  const project = (transport: string, services: string) =>
    analyze({
      'config/packages/messenger.yaml': yaml(
        `transports:\n  async:\n    dsn: 'in-memory://?serialize=true'\n${transport}\nrouting:\n  'App\\Message\\Job': async`,
      ),
      'src/Message/Job.ts': 'export class Job { constructor(readonly totals: Map<string, number>) {} }\n',
      'src/JobHandler.ts': `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class JobHandler { __invoke(m: Job) {} }\n`,
      'src/messenger.ts': `${RUNTIME}import { JobHandler } from './JobHandler.js';\nexport default createMessenger({ handlers: [JobHandler], services: ${services} });\n`,
    });

  it('reports a retry strategy service that createMessenger() is not given, where the runtime does', () => {
    const result = project("    retry_strategy:\n      service: 'app.retry'", '{}');
    assert.deepEqual(codes(result, 'unknown-service'), ['unknown-service config/packages/messenger.yaml:4:7']);
    assert.match(
      result.diagnostics.find((d) => d.code === 'unknown-service')!.message,
      /^Retry strategy "app.retry" of transport "async" is not available/,
    );
    assert.deepEqual(
      codes(project("    retry_strategy:\n      service: 'app.retry'", "{ 'app.retry': retry }"), 'unknown-service'),
      [],
    );
  });

  it("does not apply the JSON serializer's rules to a transport with its own serializer", () => {
    assert.deepEqual(codes(project('', '{}'), 'non-serializable-payload'), [
      'non-serializable-payload src/Message/Job.ts:1:41',
    ]);
    assert.deepEqual(project("    serializer: 'app.msgpack'", "{ 'app.msgpack': msgpack }").diagnostics, []);
  });
});

describe("the runtime's own rules", () => {
  it('reads DSN schemes as the runtime does: SYNC:// is sync', () => {
    const result = analyze({
      'config/packages/messenger.yaml': yaml("transports:\n  now: 'SYNC://'\nrouting:\n  'App\\Message\\Count': now"),
      'src/Message/Count.ts': message('Count'),
      'src/CountHandler.ts': `${RUNTIME}import { Count } from './Message/Count.js';\n@AsMessageHandler(Count)\nexport class CountHandler { __invoke(m: Count) { return 1; } }\n`,
      'src/messenger.ts': `${RUNTIME}import { CountHandler } from './CountHandler.js';\nimport { Count } from './Message/Count.js';\nconst messenger = await createMessenger({ handlers: [CountHandler] });\nawait handle(messenger.bus, new Count());\n`,
    });
    assert.deepEqual(result.diagnostics, []);
  });

  it('finds the bootstrap module where the CLI does: an absolute "messenger.app" is taken as is', () => {
    const files = {
      'src/Message/Ping.ts': message('Ping'),
      'src/PingHandler.ts': `${RUNTIME}import { Ping } from './Message/Ping.js';\n@AsMessageHandler(Ping)\nexport class PingHandler { __invoke(m: Ping) {} }\n`,
      'src/boot/app.ts': `${RUNTIME}import { PingHandler } from '../PingHandler.js';\nexport default createMessenger({ handlers: [PingHandler] });\n`,
      'src/testing.ts': `${RUNTIME}export const testMessenger = createMessenger({});\n`,
    };
    const dir = tempProject(files);
    dirs.push(dir);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ type: 'module', messenger: { app: join(dir, 'src/boot/app.ts') } }),
    );
    const result = new Workspace({ projectDir: dir }).analyze();
    assert.equal(result.model.bootstrap?.file, join(dir, 'src/boot/app.ts'));
    assert.deepEqual(result.diagnostics, []);
  });
});

describe('payloads', () => {
  const project = (messageFile: string, extra: Record<string, string> = {}, messages = '[]') =>
    analyze({
      'config/packages/messenger.yaml': yaml(
        "transports:\n  async: 'in-memory://?serialize=true'\nrouting:\n  'App\\Message\\Job': async",
      ),
      'src/Message/Job.ts': messageFile,
      'src/JobHandler.ts': `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class JobHandler { __invoke(m: Job) {} }\n`,
      'src/messenger.ts': `${RUNTIME}import { JobHandler } from './JobHandler.js';\nimport { Money } from './Model/Money.js';\nimport { Node } from './Model/Node.js';\nexport default createMessenger({ handlers: [JobHandler], messages: ${messages} });\n`,
      ...extra,
    });
  const problems = (result: ReturnType<typeof project>) =>
    result.diagnostics
      .filter((d) => d.code === 'non-serializable-payload')
      .map(
        (d) =>
          `${d.severity} ${d.message.replace(/^Job is sent to "async", whose serializer cannot carry it: /, '').replace(/:.*/, '')}`,
      );

  it('accepts plain data: strings, numbers, Dates, arrays, records, interfaces, literal unions, enums', () => {
    const result =
      project(`enum Kind { A, B }\ninterface Address { street: string; zip?: string | null }\ntype Status = 'new' | 'done';
export class Job { constructor(readonly id: string, readonly at: Date, readonly tags: readonly string[], readonly counts: Record<string, number>, readonly address: Address, readonly status: Status, readonly kind: Kind, readonly pair: [string, number]) {} }\n`);
    assert.deepEqual(problems(result), []);
  });

  it('follows nested types, generics and aliases to what the serializer refuses', () => {
    const result = project(
      `import type { Box } from '../Model/Box.js';\ntype Callback = () => void;
export class Job { constructor(readonly box: Box<Map<string, string>>, readonly onDone: Callback, readonly ids: Set<string>, readonly when: Promise<Date>) {} }\n`,
      {
        'src/Model/Box.ts': 'export interface Box<T> { readonly value: T }\n',
      },
    );
    assert.deepEqual(problems(result).sort(), [
      'error box.value is a Map',
      'error ids is a Set',
      'error onDone is a function',
      'error when is a Promise',
    ]);
  });

  it('needs nested class instances registered, and classifies subclasses of built-ins like the runtime', () => {
    const result = project(
      `import { EventEmitter } from 'node:events';\nimport { Money } from '../Model/Money.js';\nimport { Note } from '../Model/Note.js';
class Stamped extends Date {}\nclass Emitter extends EventEmitter {}
export class Job { constructor(readonly price: Money, readonly note: Note, readonly at: Stamped, readonly emitter: Emitter) {} }\n`,
      {
        'src/Model/Money.ts': 'export class Money { constructor(readonly cents: number) {} }\n',
        'src/Model/Note.ts': 'export class Note { constructor(readonly text: string) {} }\n',
      },
      '[Money]',
    );
    const found = problems(result).sort();
    assert.deepEqual(found, [
      'error at is a subclass of Date (Stamped)',
      'error emitter is an EventEmitter',
      'error note is an instance of class Note, which is not a registered message class',
    ]);
  });

  it('tells a cycle from a tree: required back references are errors, optional ones warnings, arrays fine', () => {
    const result = project(
      `import { Node } from '../Model/Node.js';\nexport class Job { constructor(readonly root: Node) {} }\n`,
      {
        'src/Model/Node.ts':
          'export class Node { constructor(readonly children: Node[], readonly parent?: Node, readonly self: Node = null as never) {} }\n',
      },
      '[Node]',
    );
    assert.deepEqual(problems(result).sort(), [
      'error root.self is a reference back to one of its own parents (a cycle)',
      'warning root.parent is possibly a reference back to one of its own parents (a cycle)',
    ]);
  });

  it('only checks messages whose transport serializes: sync:// does not', () => {
    const result = analyze({
      'config/packages/messenger.yaml': yaml("transports:\n  now: 'sync://'\nrouting:\n  'App\\Message\\Job': now"),
      'src/Message/Job.ts': 'export class Job { constructor(readonly run: () => void) {} }\n',
      'src/JobHandler.ts': `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class JobHandler { __invoke(m: Job) {} }\n`,
      'src/messenger.ts': `${RUNTIME}import { JobHandler } from './JobHandler.js';\nexport default createMessenger({ handlers: [JobHandler] });\n`,
    });
    assert.deepEqual(codes(result, 'non-serializable-payload'), []);
  });
});
