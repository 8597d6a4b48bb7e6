import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AsMessage,
  AsStamp,
  BusNameStamp,
  DelayStamp,
  Envelope,
  ErrorDetailsStamp,
  HandledStamp,
  MessageTypeRegistry,
  ReceivedStamp,
  RedeliveryStamp,
  SentStamp,
  SerializedMessageStamp,
  Stamp,
  TransportMessageIdStamp,
} from '../../src/index.js';
import { JsonSerializer } from '../../src/transport/serialization/JsonSerializer.js';

class OrderLine {
  constructor(
    readonly sku: string,
    readonly quantity: number,
    readonly unitPrice: number,
  ) {}

  total(): number {
    return this.quantity * this.unitPrice;
  }
}

class Customer {
  constructor(
    readonly email: string,
    readonly since: Date,
  ) {}

  domain(): string {
    return this.email.split('@')[1]!;
  }
}

class Order {
  constructor(
    readonly id: string,
    readonly customer: Customer,
    readonly lines: OrderLine[],
    readonly tags: string[] = [],
    readonly note?: string,
  ) {}

  total(): number {
    return this.lines.reduce((sum, line) => sum + line.total(), 0);
  }
}

class PlaceOrder {
  constructor(
    readonly order: Order,
    readonly placedAt: Date,
    readonly meta: { source: string; retries: number[]; nested: { flag: boolean; at: Date } },
  ) {}
}

@AsMessage({ type: 'App\\Message\\SmsNotification' })
class SmsNotification {
  constructor(
    readonly phoneNumber: string,
    readonly content: string,
    readonly sentAt?: unknown,
  ) {}
}

@AsStamp('App\\Stamp\\TenantStamp')
class TenantStamp extends Stamp {
  constructor(
    readonly tenant: string,
    readonly region: string,
  ) {
    super();
  }

  describe(): string {
    return `${this.tenant}@${this.region}`;
  }
}

const registry = () => new MessageTypeRegistry([PlaceOrder, Order, OrderLine, Customer, SmsNotification]);

function placeOrder(): PlaceOrder {
  const customer = new Customer('ada@example.com', new Date('2020-05-06T07:08:09.010Z'));
  const order = new Order('o-1', customer, [new OrderLine('SKU-1', 2, 5), new OrderLine('SKU-2', 1, 7)], ['gift']);
  return new PlaceOrder(order, new Date('2024-01-02T03:04:05.678Z'), {
    source: 'web',
    retries: [1, 2],
    nested: { flag: true, at: new Date('2023-12-31T23:59:59.999Z') },
  });
}

describe('JsonSerializer round trip', () => {
  test('rebuilds nested registered classes, arrays of instances and Dates', () => {
    const serializer = new JsonSerializer(registry());
    const decoded = serializer.decode(serializer.encode(Envelope.wrap(placeOrder()))).message as PlaceOrder;

    assert.ok(decoded instanceof PlaceOrder);
    assert.ok(decoded.order instanceof Order);
    assert.ok(decoded.order.customer instanceof Customer);
    assert.equal(decoded.order.customer.domain(), 'example.com');
    assert.ok(decoded.order.customer.since instanceof Date);
    assert.equal(decoded.order.customer.since.getTime(), Date.parse('2020-05-06T07:08:09.010Z'));
    assert.equal(decoded.order.lines.length, 2);
    for (const line of decoded.order.lines) assert.ok(line instanceof OrderLine);
    assert.equal(decoded.order.total(), 17);
    assert.deepEqual(decoded.order.tags, ['gift']);
    assert.ok(decoded.placedAt instanceof Date);
    assert.equal(decoded.placedAt.getTime(), Date.parse('2024-01-02T03:04:05.678Z'));
    assert.equal(Object.getPrototypeOf(decoded.meta), Object.prototype);
    assert.deepEqual(decoded.meta.retries, [1, 2]);
    assert.ok(decoded.meta.nested.at instanceof Date);
    assert.equal(decoded.meta.nested.at.toISOString(), '2023-12-31T23:59:59.999Z');
  });

  test('drops undefined properties, which come back absent', () => {
    const serializer = new JsonSerializer(registry());
    const encoded = serializer.encode(Envelope.wrap(placeOrder()));
    assert.equal(JSON.parse(encoded.body).order.note, undefined);
    assert.equal('note' in JSON.parse(encoded.body).order, false);
    const decoded = serializer.decode(encoded).message as PlaceOrder;
    assert.equal(Object.hasOwn(decoded.order, 'note'), false);
  });

  test('does not run constructors when decoding', () => {
    let calls = 0;
    class Counted {
      readonly value: number;
      constructor(value: number) {
        calls++;
        this.value = value;
      }
    }
    const serializer = new JsonSerializer(new MessageTypeRegistry([Counted]));
    const encoded = serializer.encode(Envelope.wrap(new Counted(4)));
    assert.equal(calls, 1);
    const decoded = serializer.decode(encoded).message as Counted;
    assert.equal(calls, 1);
    assert.ok(decoded instanceof Counted);
    assert.equal(decoded.value, 4);
  });

  test('encodes a shared acyclic reference twice', () => {
    const line = new OrderLine('SKU-1', 1, 3);
    const customer = new Customer('a@b.c', new Date(0));
    const message = new PlaceOrder(new Order('o', customer, [line, line]), new Date(0), {
      source: 's',
      retries: [],
      nested: { flag: false, at: new Date(0) },
    });
    const serializer = new JsonSerializer(registry());
    const encoded = serializer.encode(Envelope.wrap(message));
    const body = JSON.parse(encoded.body);
    assert.deepEqual(body.order.lines[0], body.order.lines[1]);
    const decoded = serializer.decode(encoded).message as PlaceOrder;
    assert.ok(decoded.order.lines[1] instanceof OrderLine);
    assert.equal(decoded.order.total(), 6);
  });

  test('keeps property names with "/" and "~" apart in the type map', () => {
    class Weird {
      constructor(readonly values: Record<string, Date>) {}
    }
    const serializer = new JsonSerializer(new MessageTypeRegistry([Weird]));
    const message = new Weird({ 'a/b': new Date(1000), '~x': new Date(2000), a: new Date(3000) });
    const encoded = serializer.encode(Envelope.wrap(message));
    assert.deepEqual(JSON.parse(encoded.headers['X-Message-Types']!), {
      'values/a~1b': 'Date',
      'values/~0x': 'Date',
      'values/a': 'Date',
    });
    const decoded = serializer.decode(encoded).message as Weird;
    assert.equal(decoded.values['a/b']!.getTime(), 1000);
    assert.equal(decoded.values['~x']!.getTime(), 2000);
    assert.equal(decoded.values['a']!.getTime(), 3000);
  });
});

describe('JsonSerializer wire format', () => {
  test('writes type, stamp, Content-Type and X-Message-Types headers', () => {
    const serializer = new JsonSerializer(registry());
    const encoded = serializer.encode(Envelope.wrap(placeOrder(), [new BusNameStamp('command.bus')]));
    assert.equal(encoded.headers['type'], 'PlaceOrder');
    assert.equal(
      encoded.headers['X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\BusNameStamp'],
      '[{"busName":"command.bus"}]',
    );
    assert.equal(encoded.headers['Content-Type'], 'application/json');
    assert.deepEqual(JSON.parse(encoded.headers['X-Message-Types']!), {
      order: 'Order',
      'order/customer': 'Customer',
      'order/customer/since': 'Date',
      'order/lines/0': 'OrderLine',
      'order/lines/1': 'OrderLine',
      placedAt: 'Date',
      'meta/nested/at': 'Date',
    });
    assert.deepEqual(Object.keys(encoded.headers).sort(), [
      'Content-Type',
      'X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\BusNameStamp',
      'X-Message-Types',
      'type',
    ]);
  });

  test('writes the body as plain JSON with ISO-8601 dates', () => {
    const serializer = new JsonSerializer(registry());
    const body = JSON.parse(serializer.encode(Envelope.wrap(placeOrder())).body);
    assert.equal(body.placedAt, '2024-01-02T03:04:05.678Z');
    assert.deepEqual(body.order.lines[0], { sku: 'SKU-1', quantity: 2, unitPrice: 5 });
    assert.deepEqual(body.order.customer, { email: 'ada@example.com', since: '2020-05-06T07:08:09.010Z' });
  });

  test('uses the @AsMessage type and omits X-Message-Types when there is nothing to record', () => {
    const serializer = new JsonSerializer(registry());
    const encoded = serializer.encode(Envelope.wrap(new SmsNotification('+33', 'hi')));
    assert.equal(encoded.headers['type'], 'App\\Message\\SmsNotification');
    assert.equal('X-Message-Types' in encoded.headers, false);
    assert.equal(encoded.body, '{"phoneNumber":"+33","content":"hi"}');
  });

  test('decodes a message coming from Symfony into plain nested data', () => {
    const serializer = new JsonSerializer(registry());
    const envelope = serializer.decode({
      body: '{"phoneNumber":"+33600000000","content":"Hello","sentAt":"2024-03-04T05:06:07+00:00","extra":{"a":[1,{"b":2}]}}',
      headers: {
        type: 'App\\Message\\SmsNotification',
        'X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\BusNameStamp': '[{"busName":"messenger.bus.default"}]',
        'Content-Type': 'application/json',
      },
    });
    const message = envelope.message as SmsNotification & { extra: { a: unknown[] } };
    assert.ok(message instanceof SmsNotification);
    assert.equal(message.phoneNumber, '+33600000000');
    assert.equal(message.sentAt, '2024-03-04T05:06:07+00:00');
    assert.equal(Object.getPrototypeOf(message.extra), Object.prototype);
    assert.deepEqual(message.extra, { a: [1, { b: 2 }] });
    assert.equal(envelope.last(BusNameStamp)?.busName, 'messenger.bus.default');
  });

  test('decodes a Symfony date with an offset when the type map names it', () => {
    class Timed {
      constructor(readonly at: Date) {}
    }
    const serializer = new JsonSerializer(new MessageTypeRegistry([Timed]));
    const decoded = serializer.decode({
      body: '{"at":"2024-03-04T05:06:07+02:00"}',
      headers: { type: 'Timed', 'X-Message-Types': '{"at":"Date"}' },
    }).message as Timed;
    assert.equal(decoded.at.toISOString(), '2024-03-04T03:06:07.000Z');
  });
});

describe('JsonSerializer stamps', () => {
  test('round-trips built-in and user stamps, in order', () => {
    const serializer = new JsonSerializer(registry());
    const error = new Error('boom');
    const envelope = Envelope.wrap(new SmsNotification('+33', 'hi'), [
      new BusNameStamp('command.bus'),
      new DelayStamp(1500),
      new RedeliveryStamp(1, new Date('2024-01-01T00:00:00.000Z')),
      new RedeliveryStamp(2, new Date('2024-01-01T00:00:05.000Z')),
      ErrorDetailsStamp.create(error),
      new TenantStamp('acme', 'eu'),
      new TransportMessageIdStamp(42),
    ]);
    const decoded = serializer.decode(serializer.encode(envelope));

    assert.equal(decoded.last(BusNameStamp)?.busName, 'command.bus');
    assert.ok(decoded.last(BusNameStamp) instanceof BusNameStamp);
    assert.equal(decoded.last(DelayStamp)?.delay, 1500);
    const redeliveries = decoded.all(RedeliveryStamp);
    assert.deepEqual(
      redeliveries.map((s) => s.retryCount),
      [1, 2],
    );
    assert.ok(redeliveries[1]!.redeliveredAt instanceof Date);
    assert.equal(redeliveries[1]!.redeliveredAt.toISOString(), '2024-01-01T00:00:05.000Z');
    const details = decoded.last(ErrorDetailsStamp)!;
    assert.ok(details instanceof ErrorDetailsStamp);
    assert.equal(details.exceptionMessage, 'boom');
    assert.equal(details.exceptionClass, 'Error');
    assert.equal(details.flattenException?.message, 'boom');
    assert.ok(details.equals(ErrorDetailsStamp.create(error)));
    const tenant = decoded.last(TenantStamp)!;
    assert.ok(tenant instanceof TenantStamp);
    assert.equal(tenant.describe(), 'acme@eu');
    assert.equal(decoded.last(TransportMessageIdStamp)?.id, 42);
  });

  test('writes one header per stamp class with a JSON array of its stamps', () => {
    const serializer = new JsonSerializer(registry());
    const encoded = serializer.encode(
      Envelope.wrap(new SmsNotification('+33', 'hi'), [
        new RedeliveryStamp(1, new Date('2024-01-01T00:00:00.000Z')),
        new TenantStamp('acme', 'eu'),
        new RedeliveryStamp(2, new Date('2024-01-01T00:00:05.000Z')),
      ]),
    );
    assert.deepEqual(
      JSON.parse(encoded.headers['X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\RedeliveryStamp']!),
      [
        { retryCount: 1, redeliveredAt: '2024-01-01T00:00:00.000Z' },
        { retryCount: 2, redeliveredAt: '2024-01-01T00:00:05.000Z' },
      ],
    );
    assert.equal(encoded.headers['X-Message-Stamp-App\\Stamp\\TenantStamp'], '[{"tenant":"acme","region":"eu"}]');
  });

  test('never encodes non-sendable stamps', () => {
    const serializer = new JsonSerializer(registry());
    const encoded = serializer.encode(
      Envelope.wrap(new SmsNotification('+33', 'hi'), [
        new ReceivedStamp('async'),
        new SentStamp('InMemoryTransport', 'async'),
      ]),
    );
    assert.deepEqual(
      Object.keys(encoded.headers).filter((h) => h.startsWith('X-Message-Stamp-')),
      [],
    );
    const decoded = serializer.decode(encoded);
    assert.equal(decoded.last(ReceivedStamp), undefined);
    assert.equal(decoded.last(SentStamp), undefined);
  });

  test('encodes a JSON handler result and replaces anything else with null', () => {
    const serializer = new JsonSerializer(registry());
    const encoded = serializer.encode(
      Envelope.wrap(new SmsNotification('+33', 'hi'), [
        new HandledStamp({ ok: true, ids: [1, 2] }, 'SendSms::__invoke'),
        new HandledStamp(new Map([[1, 2]]), 'Other::__invoke'),
        new HandledStamp(() => 1, 'Third::__invoke'),
      ]),
    );
    const decoded = serializer.decode(encoded).all(HandledStamp);
    assert.deepEqual(
      decoded.map((s) => s.handlerName),
      ['SendSms::__invoke', 'Other::__invoke', 'Third::__invoke'],
    );
    assert.deepEqual(decoded[0]!.getResult(), { ok: true, ids: [1, 2] });
    assert.equal(decoded[1]!.getResult(), null);
    assert.equal(decoded[2]!.getResult(), null);
  });

  test('refuses a Date in a stamp that cannot rebuild it', () => {
    class WhenStamp extends Stamp {
      constructor(readonly when: Date) {
        super();
      }
    }
    const serializer = new JsonSerializer(registry());
    assert.throws(
      () => serializer.encode(Envelope.wrap(new SmsNotification('+33', 'hi'), [new WhenStamp(new Date())])),
      /Cannot encode stamp "WhenStamp": when is a Date inside a stamp without a static fromJSON\(\)/,
    );
  });

  test('the same stamp header decoded twice gives stamps of their own (a parsed header is kept, never shared)', () => {
    const serializer = new JsonSerializer(registry());
    const encoded = serializer.encode(
      Envelope.wrap(new SmsNotification('+33', 'hi'), [new TenantStamp('acme', 'eu'), new BusNameStamp('command.bus')]),
    );
    const first = serializer.decode(encoded);
    const firstTenant = first.last(TenantStamp)!;
    (firstTenant as unknown as { tenant: string }).tenant = 'changed';
    const second = serializer.decode(encoded);
    assert.notEqual(second.last(TenantStamp), firstTenant);
    assert.notEqual(second.last(BusNameStamp), first.last(BusNameStamp));
    assert.equal(second.last(TenantStamp)?.tenant, 'acme');
    assert.equal(second.last(BusNameStamp)?.busName, 'command.bus');
  });
});

describe('JsonSerializer and SerializedMessageStamp', () => {
  test('decode adds a SerializedMessageStamp holding the body', () => {
    const serializer = new JsonSerializer(registry());
    const encoded = serializer.encode(Envelope.wrap(placeOrder()));
    const decoded = serializer.decode(encoded);
    assert.equal(decoded.last(SerializedMessageStamp)?.serializedMessage, encoded.body);
  });

  test('re-encoding reuses the stored body and its type map, even after the message changed', () => {
    const serializer = new JsonSerializer(registry());
    const encoded = serializer.encode(Envelope.wrap(placeOrder(), [new BusNameStamp('b')]));
    const decoded = serializer.decode(encoded);
    // A handler may change the message before failing; the retry sends what was received.
    (decoded.message as { extra?: unknown }).extra = new Date();
    const again = serializer.encode(decoded.with(new RedeliveryStamp(1)));
    assert.equal(again.body, encoded.body);
    assert.equal(again.headers['X-Message-Types'], encoded.headers['X-Message-Types']);
    assert.ok(again.headers['X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\RedeliveryStamp']);
    assert.ok((serializer.decode(again).message as PlaceOrder).order.lines[0] instanceof OrderLine);
  });

  test('reuses the body of a SerializedMessageStamp it did not create', () => {
    const serializer = new JsonSerializer(registry());
    const envelope = Envelope.wrap(new SmsNotification('+33', 'hi'), [
      new SerializedMessageStamp('{"phoneNumber":"+33","content":"original"}'),
    ]);
    const encoded = serializer.encode(envelope);
    assert.equal(encoded.body, '{"phoneNumber":"+33","content":"original"}');
    assert.equal((serializer.decode(encoded).message as SmsNotification).content, 'original');
  });
});
