import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractFacts, MAX_FILE_SIZE } from '../src/analysis/facts/extractFacts.js';
import type { ValueExpr } from '../src/analysis/facts/types.js';

const facts = (text: string) => extractFacts('/p/src/file.ts', text);

describe('per-file facts', () => {
  it('keeps the data properties an instance owns, not methods, statics, #private or declare fields', () => {
    const [cls] = facts(`
      export class Order {
        static count = 0;
        #secret = 1;
        declare injected: string;
        readonly createdAt = new Date();
        notify = () => {};
        total?: number;
        constructor(readonly id: string, private lines: Line[], plain: number) {}
        method(): void {}
        get computed(): number { return 1; }
      }`).classes;
    assert.equal(cls!.name, 'Order');
    assert.deepEqual(
      cls!.properties.map((p) => [p.name, p.optional, p.type?.kind]),
      [
        ['createdAt', false, 'ref'],
        ['notify', false, 'fn'],
        ['total', true, 'kw'],
        ['id', false, 'kw'],
        ['lines', false, 'array'],
      ],
    );
    assert.deepEqual(
      cls!.ctorParams.map((p) => [p.name, p.isProperty]),
      [
        ['id', true],
        ['lines', true],
        ['plain', false],
      ],
    );
    assert.deepEqual(
      cls!.methods.map((m) => m.name),
      ['method'],
    );
  });

  it('records decorators with their arguments and option ranges', () => {
    const [cls] = facts(`
      @AsMessageHandler(SmsNotification, { bus: 'command.bus', priority: 10 })
      class Handler { @AsMessageHandler(Other) onOther(m: Other) {} __invoke(m: SmsNotification) {} }`).classes;
    const decorator = cls!.decorators[0]!;
    assert.equal(decorator.callee, 'AsMessageHandler');
    assert.deepEqual(decorator.args[0], {
      kind: 'ref',
      name: 'SmsNotification',
      range: { start: { line: 1, character: 24 }, end: { line: 1, character: 39 } },
    });
    const options = decorator.args[1] as Extract<ValueExpr, { kind: 'obj' }>;
    assert.deepEqual(Object.keys(options.props), ['bus', 'priority']);
    assert.deepEqual(options.props['priority'], { kind: 'num', value: 10 });
    assert.equal(cls!.methods[0]!.decorators[0]!.callee, 'AsMessageHandler');
    assert.deepEqual(cls!.methods[1]!.params[0]!.type, { kind: 'ref', name: 'SmsNotification' });
  });

  it('follows local variables, Envelope.wrap and handle() to the message of a dispatch', () => {
    const { dispatches } = facts(`
      async function run(bus: MessageBusInterface) {
        const message = new PlaceOrder('1');
        const envelope = Envelope.wrap(message, []);
        await bus.dispatch(envelope);
        await handle(bus, new GetTotal());
      }`);
    assert.equal(dispatches.length, 2);
    const [dispatch, query] = dispatches;
    assert.equal(dispatch!.via, 'dispatch');
    assert.deepEqual(dispatch!.receiver, {
      kind: 'param',
      name: 'bus',
      index: 0,
      ctor: false,
      type: { kind: 'ref', name: 'MessageBusInterface' },
    });
    const wrapped = dispatch!.message as Extract<ValueExpr, { kind: 'call' }>;
    assert.equal(wrapped.kind, 'call');
    assert.equal((wrapped.args[0] as Extract<ValueExpr, { kind: 'new' }>).cls, 'PlaceOrder');
    assert.equal(query!.via, 'handle');
    assert.equal((query!.message as Extract<ValueExpr, { kind: 'new' }>).cls, 'GetTotal');
  });

  it('records what `this.x` holds: parameter properties, field initializers, constructor assignments', () => {
    const [cls] = facts(`
      class Controller {
        private readonly events = messenger.getBus('event.bus');
        private commands: MessageBusInterface;
        constructor(private readonly queries: MessageBusInterface, commands: MessageBusInterface) { this.commands = commands; }
        run() { return this.events.dispatch(new Happened()); }
      }`).classes;
    assert.equal(cls!.fields['events']!.kind, 'call');
    assert.deepEqual(cls!.fields['queries'], {
      kind: 'param',
      name: 'queries',
      index: 0,
      ctor: true,
      type: { kind: 'ref', name: 'MessageBusInterface' },
    });
    assert.equal((cls!.fields['commands'] as Extract<ValueExpr, { kind: 'param' }>).index, 1);
  });

  it('reads imports, exports, re-exports and default exports', () => {
    const f = facts(`
      import app, { createMessenger as cm } from './messenger.js';
      import * as messages from './messages.js';
      export { Foo as Bar } from './foo.js';
      export * from './all.js';
      export const handlers = [A, B];
      export default cm({ handlers });`);
    assert.deepEqual(f.imports.get('app'), { module: './messenger.js', name: 'default' });
    assert.deepEqual(f.imports.get('cm'), { module: './messenger.js', name: 'createMessenger' });
    assert.deepEqual(f.imports.get('messages'), { module: './messages.js', name: '*' });
    assert.deepEqual(f.exports.get('Bar'), { kind: 'from', module: './foo.js', name: 'Foo' });
    assert.deepEqual(f.exportStars, ['./all.js']);
    assert.equal(f.variables.get('handlers')!.kind, 'array');
    assert.equal(f.defaultExport!.kind, 'call');
    assert.equal(f.messengerCalls.length, 0, 'a renamed createMessenger is only found through its callee name');
  });

  it('never throws on broken text, and says when a file is too large to analyse', () => {
    for (const text of [
      'class {',
      '@AsMessageHandler(',
      'export default',
      '}}}{{{',
      '\u0000\uFFFF',
      'const x = <<<>>>;',
      'class A extends (',
    ]) {
      assert.doesNotThrow(() => facts(text), text);
    }
    assert.ok(facts('class {').syntaxErrors > 0);
    const large = facts(`// ${'x'.repeat(MAX_FILE_SIZE)}`);
    assert.match(large.skipped ?? '', /over the 1 MB analysis limit/);
    assert.deepEqual(large.classes, []);
  });
});
