import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AsMessage,
  AsMessageHandler,
  createMessenger,
  Envelope,
  HandledStamp,
  type InMemoryTransport,
  InvalidConfigurationException,
  ReceivedStamp,
  SendersLocator,
  SentStamp,
  TransportNamesStamp,
} from '../src/index.js';
import { messengerYaml, positionOf, tempProject } from './support/tempProject.js';

abstract class Notification {
  constructor(readonly text: string) {}
}
class SmsNotification extends Notification {}
class EmailNotification extends Notification {}
class Unrouted {}

function sentTo(envelope: { all(cls: typeof SentStamp): SentStamp[] }): (string | undefined)[] {
  return envelope.all(SentStamp).map((s) => s.senderAlias);
}

const transports = `
transports:
  async: 'in-memory://'
  audit: 'in-memory://'
  priority: 'in-memory://'
  sync: 'sync://'
`;

async function app(
  routing: string,
  extra: { messages?: (abstract new (...a: never[]) => object)[]; files?: Record<string, string> } = {},
) {
  const projectDir = tempProject({
    'config/packages/messenger.yaml': messengerYaml(`${transports}\nrouting:\n${routing}`),
    ...extra.files,
  });
  return createMessenger({
    projectDir,
    messages: extra.messages ?? [SmsNotification, EmailNotification, Notification, Unrouted],
  });
}

describe('routing (as the guide describes it)', () => {
  it('sends a message routed by class to its transport instead of handling it', async () => {
    const handled: string[] = [];
    @AsMessageHandler(SmsNotification)
    class Handler {
      __invoke(): void {
        handled.push('sms');
      }
    }
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml(`${transports}\nrouting:\n  SmsNotification: async`),
    });
    const messenger = await createMessenger({ projectDir, handlers: [Handler] });
    const envelope = await messenger.dispatch(new SmsNotification('hi'));
    assert.deepEqual(sentTo(envelope), ['async']);
    assert.deepEqual(handled, []);
    assert.equal((messenger.getTransport('async') as InMemoryTransport).getSent().length, 1);
  });

  it('handles unrouted messages synchronously', async () => {
    @AsMessageHandler(Unrouted)
    class Handler {
      __invoke(): string {
        return 'now';
      }
    }
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml(`${transports}\nrouting:\n  SmsNotification: async`),
    });
    const messenger = await createMessenger({ projectDir, handlers: [Handler], messages: [SmsNotification] });
    const envelope = await messenger.dispatch(new Unrouted());
    assert.deepEqual(sentTo(envelope), []);
    assert.equal(envelope.last(HandledStamp)?.result, 'now');
  });

  it('routes by parent class, and uses both the child and the parent rule', async () => {
    const messenger = await app('  Notification: async\n  SmsNotification: audit');
    assert.deepEqual(sentTo(await messenger.dispatch(new SmsNotification('x'))), ['audit', 'async']);
    assert.deepEqual(sentTo(await messenger.dispatch(new EmailNotification('x'))), ['async']);
    assert.deepEqual(
      messenger.routesFor(SmsNotification).map((r) => [r.transport, r.source]),
      [
        ['audit', 'class'],
        ['async', 'parent'],
      ],
    );
  });

  it("uses '*' only for messages no other rule matched", async () => {
    const messenger = await app("  '*': priority\n  SmsNotification: async");
    assert.deepEqual(sentTo(await messenger.dispatch(new SmsNotification('x'))), ['async']);
    assert.deepEqual(sentTo(await messenger.dispatch(new Unrouted())), ['priority']);
    assert.deepEqual(
      messenger.routesFor(Unrouted).map((r) => r.source),
      ['wildcard'],
    );
  });

  it('sends a message to several transports', async () => {
    const messenger = await app('  SmsNotification: [async, audit]');
    assert.deepEqual(sentTo(await messenger.dispatch(new SmsNotification('x'))), ['async', 'audit']);
  });

  it('accepts the { senders: [...] } form', async () => {
    const messenger = await app('  SmsNotification: { senders: [audit] }');
    assert.deepEqual(sentTo(await messenger.dispatch(new SmsNotification('x'))), ['audit']);
  });

  it('lets a TransportNamesStamp override the routing', async () => {
    const messenger = await app('  SmsNotification: async');
    const envelope = await messenger.dispatch(new SmsNotification('x'), [
      new TransportNamesStamp(['priority', 'audit']),
    ]);
    assert.deepEqual(sentTo(envelope), ['priority', 'audit']);
    await assert.rejects(
      messenger.dispatch(new SmsNotification('x'), [new TransportNamesStamp('nope')]),
      /TransportNamesStamp names transport "nope", which does not exist/,
    );
  });

  it('fails every dispatch of a message routed to a transport the app lacks, not only the first', () => {
    // Senders are found once per class and kept; a lookup that failed is not kept.
    const locator = new SendersLocator(new Map([[SmsNotification, ['gone']]]), new Map());
    for (let attempt = 0; attempt < 2; attempt++) {
      assert.throws(
        () => locator.getSenders(Envelope.wrap(new SmsNotification('x'))),
        /the routing names transport "gone", which does not exist \(known transports: none\)/,
      );
    }
  });

  it('handles a message routed to sync:// at once, as received from that transport', async () => {
    const ran: string[] = [];
    class Handlers {
      @AsMessageHandler(SmsNotification, { fromTransport: 'sync' }) onSync(): void {
        ran.push('fromSync');
      }

      @AsMessageHandler(SmsNotification, { fromTransport: 'async' }) onAsync(): void {
        ran.push('fromAsync');
      }
    }
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml(`${transports}\nrouting:\n  SmsNotification: sync`),
    });
    const messenger = await createMessenger({ projectDir, handlers: [new Handlers()] });
    const envelope = await messenger.dispatch(new SmsNotification('x'));
    assert.deepEqual(ran, ['fromSync']);
    assert.equal(envelope.last(ReceivedStamp)?.transportName, 'sync');
  });

  it('routes with @AsMessage, and lets messenger.yaml override it for the same class', async () => {
    @AsMessage({ transport: 'audit' })
    class Audited {}
    class AuditedChild extends Audited {}
    @AsMessage({ transport: ['async', 'priority'] })
    class Overridden {}
    const messenger = await app('  Overridden: audit', { messages: [Audited, AuditedChild, Overridden] });
    assert.deepEqual(sentTo(await messenger.dispatch(new Audited())), ['audit']);
    assert.deepEqual(
      sentTo(await messenger.dispatch(new AuditedChild())),
      ['audit'],
      'a parent class attribute applies to children',
    );
    assert.deepEqual(
      messenger.routesFor(AuditedChild).map((r) => r.source),
      ['attribute'],
    );
    assert.deepEqual(sentTo(await messenger.dispatch(new Overridden())), ['audit']);
  });

  it('imports a class named in Symfony style (App\\Message\\X → src/Message/X.ts)', async () => {
    const files = {
      'src/Message/Invoice.ts': 'export class Invoice { constructor(readonly id: number) {} }\n',
    };
    const messenger = await app("  'App\\Message\\Invoice': async", { files });
    const [routed] = messenger.messageTypes.classes().filter((c) => c.name === 'Invoice');
    assert.ok(routed, 'the class was imported and registered');
    const Invoice = routed as unknown as new (id: number) => object;
    assert.deepEqual(sentTo(await messenger.dispatch(new Invoice(7))), ['async']);
  });

  it('prefers the file a namespaced key points to over a registered class with the same short name', async () => {
    const files = {
      'src/Message/Sms/Notification.ts': 'export class Notification { constructor(readonly body: string) {} }\n',
    };
    // Another class named Notification is registered; the key's own file exports a different one.
    const failure = await app("  'App\\Message\\Sms\\Notification': async", { files }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(failure instanceof InvalidConfigurationException);
    assert.equal(failure.problems[0]?.code, 'ambiguous-message-class');
    assert.match(failure.message, /Two message classes are registered under the name "Notification"/);
  });

  it('falls back to the short name when no file matches a namespaced key', async () => {
    const messenger = await app("  'App\\Legacy\\SmsNotification': audit");
    assert.deepEqual(sentTo(await messenger.dispatch(new SmsNotification('x'))), ['audit']);
  });

  it('reports routing keys that name no class, with file:line:col, and explains interfaces', async () => {
    const routing = "  SmsNotification: async\n  NoSuchMessage: async\n  'App\\Message\\AsyncMessageInterface': async";
    const yaml = messengerYaml(`${transports}\nrouting:\n${routing}`);
    const failure = await app(routing).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(failure instanceof InvalidConfigurationException);
    const at = (needle: string) => {
      const p = positionOf(yaml, needle);
      return [p.line, p.column];
    };
    assert.deepEqual(
      failure.problems.map((p) => [p.code, p.location.line, p.location.column]),
      [
        ['unknown-message-class', ...at('NoSuchMessage')],
        ['unknown-message-class', ...at("'App\\Message\\AsyncMessageInterface'")],
      ],
    );
    const [line, column] = at('NoSuchMessage');
    assert.match(
      failure.message,
      new RegExp(
        `messenger\\.yaml:${line}:${column}: Invalid routing: no registered message class is named "NoSuchMessage"`,
      ),
    );
    assert.match(
      failure.message,
      /Invalid routing: class "App\\Message\\AsyncMessageInterface" not found: expected an export "AsyncMessageInterface" in src\/Message\/AsyncMessageInterface\.ts.*Interfaces do not exist at run time/,
    );
  });

  it('explains that a namespace wildcard cannot route here', async () => {
    const failure = await app("  'App\\Message\\*': async").then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(failure instanceof InvalidConfigurationException);
    assert.equal(failure.problems[0]?.code, 'unknown-message-class');
    assert.match(
      failure.message,
      /"App\\Message\\\*" routes a whole namespace, which cannot work here: a class does not know its namespace at run time\. Give those messages a common \(abstract\) parent class/,
    );
  });

  it('reports routing to an unknown transport with a suggestion', async () => {
    const yaml = messengerYaml(`${transports}\nrouting:\n  SmsNotification: asyn`);
    const failure = await app('  SmsNotification: asyn').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(failure instanceof InvalidConfigurationException);
    const { line, column } = positionOf(yaml, 'asyn\n');
    assert.match(
      failure.message,
      new RegExp(
        `messenger\\.yaml:${line}:${column}: Invalid routing for "SmsNotification": Unknown transport "asyn" \\(did you mean "async"\\?\\)`,
      ),
    );
  });
});
