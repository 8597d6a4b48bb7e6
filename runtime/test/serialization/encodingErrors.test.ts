import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { Envelope, InvalidArgumentException, MessageTypeRegistry, SerializerStamp } from '../../src/index.js';
import { JsonSerializer } from '../../src/transport/serialization/JsonSerializer.js';

class Customer {
  constructor(
    readonly email: string,
    readonly notify: unknown = null,
  ) {}
}

class Order {
  constructor(
    readonly customer: Customer,
    readonly extra: unknown = null,
  ) {}
}

class PlaceOrder {
  constructor(readonly order: Order) {}
}

class Unregistered {
  constructor(readonly x: number) {}
}

const serializer = () => new JsonSerializer(new MessageTypeRegistry([PlaceOrder, Order, Customer]));

function failsAt(notify: unknown, reason: RegExp, path = 'order.customer.notify'): void {
  const message = new PlaceOrder(new Order(new Customer('a@b.c', notify)));
  assert.throws(
    () => serializer().encode(Envelope.wrap(message)),
    (error: unknown) => {
      assert.ok(error instanceof InvalidArgumentException, `expected InvalidArgumentException, got ${String(error)}`);
      assert.ok(error.message.startsWith(`Cannot encode message "PlaceOrder": ${path} is `), error.message);
      assert.match(error.message, reason);
      return true;
    },
  );
}

describe('encoding refuses what JSON would lose, naming the path', () => {
  test('a function', () => failsAt(() => 1, /is a function: code cannot be sent/));
  test('a Map', () =>
    failsAt(new Map([['a', 1]]), /is a Map: JSON has no maps; use a plain object or an array of \[key, value\] pairs/));
  test('a Set', () => failsAt(new Set([1]), /is a Set: JSON has no sets; use an array/));
  test('a promise', () => failsAt(Promise.resolve(1), /is a Promise: .*await it/));
  test('an instance of an unregistered class', () =>
    failsAt(new Unregistered(1), /is an instance of class Unregistered, which is not a registered message class/));
  test('NaN and Infinity', () => {
    failsAt(Number.NaN, /NaN or ±Infinity/);
    failsAt(Number.NEGATIVE_INFINITY, /NaN or ±Infinity/);
  });
  test('a bigint', () => failsAt(10n, /is a bigint: .*as a string/));
  test('a symbol', () => failsAt(Symbol('x'), /is a symbol/));
  test('streams and event emitters', () => {
    failsAt(Readable.from(['a']), /is a readable stream/);
    failsAt(new ReadableStream(), /is a ReadableStream/);
    failsAt(new EventEmitter(), /is an EventEmitter/);
  });
  test('binary data', () => {
    failsAt(Buffer.from('x'), /is a Buffer, binary data/);
    failsAt(new Uint8Array(2), /is a Uint8Array, binary data/);
    failsAt(new ArrayBuffer(2), /is an ArrayBuffer, binary data/);
  });
  test('a RegExp and an Error (and Error subclasses)', () => {
    failsAt(/x/g, /is a RegExp/);
    failsAt(new RangeError('x'), /is an Error/);
  });
  test('a WeakMap and a WeakSet', () => {
    failsAt(new WeakMap(), /is a WeakMap/);
    failsAt(new WeakSet(), /is a WeakSet/);
  });
  test('an invalid Date', () => failsAt(new Date(Number.NaN), /is an invalid Date/));
  test('undefined inside an array, with the index in the path', () =>
    failsAt([1, undefined], /undefined inside an array/, 'order.customer.notify[1]'));
  test('a deep path through arrays and odd keys', () =>
    failsAt({ list: [{ 'odd key': () => 1 }] }, /a function/, 'order.customer.notify.list[0]["odd key"]'));
  test('a subclass of Date or Array', () => {
    class When extends Date {}
    class List extends Array<number> {}
    failsAt(new When(), /a subclass of Date \(When\)/);
    failsAt(new List(), /a subclass of Array \(List\)/);
  });
  test('a registered class extending EventEmitter', () => {
    class Emitting extends EventEmitter {}
    const message = new PlaceOrder(new Order(new Customer('a@b.c'), new Emitting()));
    assert.throws(
      () =>
        new JsonSerializer(new MessageTypeRegistry([PlaceOrder, Order, Customer, Emitting])).encode(
          Envelope.wrap(message),
        ),
      /order\.extra is an EventEmitter/,
    );
  });
  test('a symbol-keyed property', () => failsAt({ [Symbol('k')]: 1 }, /a symbol-keyed property/));
  test('a key the receiving side would refuse', () => {
    failsAt(JSON.parse('{"__proto__":1}'), /a property named "__proto__"/, 'order.customer.notify.__proto__');
    failsAt({ constructor: 1 }, /a property named "constructor"/, 'order.customer.notify.constructor');
  });

  test('an ES #private field, on the message or a nested registered class (methods and accessors are fine)', () => {
    class Secretive {
      #token: string;
      get masked(): string {
        return `${this.#accessor.slice(0, 1)}…`;
      }
      #helper(): string {
        return this.#token;
      }
      get #accessor(): string {
        return this.#helper();
      }
      constructor(
        token: string,
        readonly visible = 1,
      ) {
        this.#token = token;
      }
    }
    class Accessors {
      #compute(): number {
        return 1;
      }
      get #value(): number {
        return this.#compute();
      }
      readonly plain = 2;
      get total(): number {
        return this.#value + this.plain;
      }
    }
    const registry = new MessageTypeRegistry([PlaceOrder, Order, Customer, Secretive, Accessors]);
    const encode = (message: object) => new JsonSerializer(registry).encode(Envelope.wrap(message));
    assert.throws(
      () => encode(new Secretive('s3cret')),
      /^InvalidArgumentException: Cannot encode message "Secretive": #token is an ES private field: JSON carries only properties, so it would arrive missing/,
    );
    assert.throws(
      () => encode(new PlaceOrder(new Order(new Customer('a@b.c'), new Secretive('s3cret')))),
      /"PlaceOrder": order\.extra\.#token is an ES private field/,
    );
    assert.deepEqual(
      JSON.parse(encode(new Accessors()).body),
      { plain: 2 },
      'private methods and accessors hold no data',
    );
  });

  test('a cycle', () => {
    const loop: Record<string, unknown> = { name: 'a' };
    loop['self'] = { back: loop };
    failsAt(loop, /a reference back to one of its own parents \(a cycle\)/, 'order.customer.notify.self.back');
  });

  test('a cycle through class instances', () => {
    const customer = new Customer('a@b.c');
    const message = new PlaceOrder(new Order(customer));
    (customer as { notify: unknown }).notify = message;
    assert.throws(
      () => serializer().encode(Envelope.wrap(message)),
      /"PlaceOrder": order\.customer\.notify is a reference back/,
    );
  });

  test('a message whose class is not registered here is sent, and refused where nobody registered it', () => {
    // The decoding process registers the classes it handles; the sender need not.
    const encoded = serializer().encode(Envelope.wrap(new Unregistered(1)));
    assert.equal(encoded.headers['type'], 'Unregistered');
    assert.throws(
      () => serializer().decode(encoded),
      /Message type "Unregistered" is not registered in this application/,
    );
  });

  test('a message that is not an instance of a class', () => {
    assert.throws(
      () => serializer().encode(Envelope.wrap({ a: 1 })),
      /the message is not an instance of a message class/,
    );
    assert.throws(() => serializer().encode(Envelope.wrap(new Map())), /the message is a Map/);
  });

  test('a stamp field that JSON would lose', () => {
    const envelope = Envelope.wrap(new PlaceOrder(new Order(new Customer('a@b.c'))), [
      new SerializerStamp({ groups: new Set(['a']) }),
    ]);
    assert.throws(
      () => serializer().encode(envelope),
      /Cannot encode stamp "Symfony\\Component\\Messenger\\Stamp\\SerializerStamp": context\.groups is a Set/,
    );
  });
});

describe('encoding accepts what survives', () => {
  test('a shared acyclic reference', () => {
    const shared = { city: 'Lyon' };
    const message = new PlaceOrder(new Order(new Customer('a@b.c', { home: shared, work: shared }), [shared, shared]));
    const encoded = serializer().encode(Envelope.wrap(message));
    const body = JSON.parse(encoded.body);
    assert.deepEqual(body.order.customer.notify, { home: { city: 'Lyon' }, work: { city: 'Lyon' } });
    assert.deepEqual(body.order.extra, [{ city: 'Lyon' }, { city: 'Lyon' }]);
  });

  test('null-prototype objects, nulls and undefined properties', () => {
    const bag = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: null, c: undefined });
    const encoded = serializer().encode(Envelope.wrap(new PlaceOrder(new Order(new Customer('a@b.c', bag)))));
    assert.deepEqual(JSON.parse(encoded.body).order.customer.notify, { a: 1, b: null });
  });
});
