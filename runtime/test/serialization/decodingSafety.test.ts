import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  AsStamp,
  BusNameStamp,
  Envelope,
  ErrorDetailsStamp,
  MessageDecodingFailedException,
  MessageTypeRegistry,
  NonSendableStamp,
  Stamp,
} from '../../src/index.js';
import { JsonSerializer } from '../../src/transport/serialization/JsonSerializer.js';
import type { EncodedEnvelope, Serializer } from '../../src/transport/serialization/Serializer.js';
import { decodeOrKeep } from '../../src/transport/serialization/UndecodableMessage.js';

class Line {
  constructor(readonly sku: string) {}
}

class Note {
  constructor(
    readonly text: string,
    readonly data: Record<string, unknown> = {},
    readonly lines: Line[] = [],
  ) {}
}

// Registered by its decorator, which is all the test needs (exported so no linter calls it unused).
@AsStamp('App\\Stamp\\LocalOnlyStamp')
export class LocalOnlyStamp extends NonSendableStamp {}

class NotRegistered {
  constructor(readonly x: number) {}
}

@AsStamp('App\\Stamp\\TraceStamp')
class TraceStamp extends Stamp {
  constructor(readonly traceId: string) {
    super();
  }
}

const serializer = () => new JsonSerializer(new MessageTypeRegistry([Note, Line]));
const BUS_HEADER = 'X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\BusNameStamp';

function rejects(encoded: unknown, reason: RegExp): void {
  assert.throws(
    () => serializer().decode(encoded as EncodedEnvelope),
    (error: unknown) => {
      assert.ok(
        error instanceof MessageDecodingFailedException,
        `expected MessageDecodingFailedException, got ${String(error)}`,
      );
      assert.match(error.message, reason);
      return true;
    },
  );
}

afterEach(() => {
  assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  assert.equal((Object.prototype as { polluted?: unknown }).polluted, undefined);
});

describe('decoding builds only registered types', () => {
  test('refuses an unregistered top-level type', () => {
    rejects(
      { body: '{"x":1}', headers: { type: 'NotRegistered' } },
      /^Message type "NotRegistered" is not registered in this application: register it with createMessenger\(\{ messages: \[\.\.\.\] \}\)/,
    );
    rejects({ body: '{}', headers: { type: 'App\\Foo' } }, /Message type "App\\Foo" is not registered/);
    assert.equal(typeof NotRegistered, 'function');
  });

  test('refuses an unregistered type in X-Message-Types', () => {
    rejects(
      { body: '{"text":"t","data":{"x":1}}', headers: { type: 'Note', 'X-Message-Types': '{"data":"NotRegistered"}' } },
      /Could not decode message "Note": type "NotRegistered" is not registered in this application/,
    );
    rejects(
      { body: '{"text":"t","data":{}}', headers: { type: 'Note', 'X-Message-Types': '{"data":"Map"}' } },
      /type "Map" is not registered/,
    );
  });

  test('builds a registered type named in X-Message-Types', () => {
    const decoded = serializer().decode({
      body: '{"text":"t","data":{"sku":"A"}}',
      headers: { type: 'Note', 'X-Message-Types': '{"data":"Line"}' },
    });
    assert.ok((decoded.message as Note).data instanceof Line);
  });

  test('refuses an unknown stamp and tells how to register it', () => {
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', 'X-Message-Stamp-App\\Stamp\\Missing': '[{}]' } },
      /Could not decode stamp "App\\Stamp\\Missing": .*register it with @AsStamp/,
    );
  });

  test('refuses a non-sendable stamp arriving on the wire, even when registered', () => {
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', 'X-Message-Stamp-ReceivedStamp': '[{"transportName":"x"}]' } },
      /Could not decode stamp "ReceivedStamp": no stamp class is registered/,
    );
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', 'X-Message-Stamp-App\\Stamp\\LocalOnlyStamp': '[{}]' } },
      /Could not decode stamp "App\\Stamp\\LocalOnlyStamp": it is a non-sendable stamp/,
    );
  });

  test('decodes a registered user stamp', () => {
    const decoded = serializer().decode({
      body: '{"text":"t"}',
      headers: { type: 'Note', 'X-Message-Stamp-App\\Stamp\\TraceStamp': '[{"traceId":"abc"}]' },
    });
    assert.ok(decoded.last(TraceStamp) instanceof TraceStamp);
    assert.equal(decoded.last(TraceStamp)?.traceId, 'abc');
  });
});

describe('decoding resists prototype pollution', () => {
  test('refuses __proto__ at the top of the body', () => {
    rejects(
      { body: '{"text":"t","__proto__":{"polluted":true}}', headers: { type: 'Note' } },
      /the property "__proto__" at "__proto__" is refused/,
    );
  });

  test('refuses __proto__ nested in the body', () => {
    rejects(
      { body: '{"text":"t","data":{"a":[{"__proto__":{"polluted":true}}]}}', headers: { type: 'Note' } },
      /"__proto__" at "data\.a\[0\]\.__proto__" is refused/,
    );
  });

  test('refuses constructor and prototype keys', () => {
    rejects(
      { body: '{"text":"t","data":{"constructor":{"prototype":{"polluted":true}}}}', headers: { type: 'Note' } },
      /the property "constructor" at "data\.constructor" is refused/,
    );
    rejects(
      { body: '{"text":"t","data":{"prototype":{"polluted":true}}}', headers: { type: 'Note' } },
      /the property "prototype" .* is refused/,
    );
  });

  test('refuses __proto__ inside stamp JSON', () => {
    rejects(
      {
        body: '{"text":"t"}',
        headers: { type: 'Note', [BUS_HEADER]: '[{"busName":"b","__proto__":{"polluted":true}}]' },
      },
      /Could not decode stamp ".*BusNameStamp": the property "__proto__" .* is refused/,
    );
    rejects(
      {
        body: '{"text":"t"}',
        headers: {
          type: 'Note',
          'X-Message-Stamp-App\\Stamp\\TraceStamp': '[{"traceId":{"constructor":{"polluted":true}}}]',
        },
      },
      /"constructor" at "traceId\.constructor" is refused/,
    );
  });

  test('refuses a type map path through __proto__ or constructor', () => {
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', 'X-Message-Types': '{"__proto__/polluted":"Date"}' } },
      /path "__proto__\/polluted" goes through "__proto__"/,
    );
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', 'X-Message-Types': '{"data/constructor/prototype":"Line"}' } },
      /goes through "constructor"/,
    );
  });

  test('refuses a type map whose own key is __proto__', () => {
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', 'X-Message-Types': '{"__proto__":{"polluted":"Date"}}' } },
      /goes through "__proto__"/,
    );
  });

  test('ignores a polluted-looking header outside the stamp prefix', () => {
    const headers = JSON.parse('{"type":"Note","__proto__":{"polluted":true}}') as Record<string, string>;
    const decoded = serializer().decode({ body: '{"text":"t"}', headers });
    assert.ok(decoded.message instanceof Note);
    assert.equal((decoded.message as { polluted?: unknown }).polluted, undefined);
  });

  test('a key the prototype chain has (accessor, method, Object.prototype member) becomes an own data property, no setter runs', () => {
    let setterRan = false;
    class Guarded {
      get text(): string {
        return 'from the getter';
      }
      set text(_value: string) {
        setterRan = true;
      }
      describe(): string {
        return 'method';
      }
    }
    const decoded = new JsonSerializer(new MessageTypeRegistry([Guarded])).decode({
      body: '{"text":"t","describe":"d","toString":"s","plain":1}',
      headers: { type: 'Guarded' },
    });
    const message = decoded.message as unknown as Record<string, unknown>;
    assert.ok(message instanceof Guarded);
    assert.equal(setterRan, false, 'the prototype setter must not run');
    for (const [key, value] of Object.entries({ text: 't', describe: 'd', toString: 's', plain: 1 })) {
      assert.deepEqual(
        Object.getOwnPropertyDescriptor(message, key),
        { value, enumerable: true, writable: true, configurable: true },
        `own data property "${key}"`,
      );
    }
    assert.deepEqual(Object.keys(message), ['text', 'describe', 'toString', 'plain']);
  });
});

describe('decoding garbage fails with a reason', () => {
  test('body that is not JSON', () => {
    rejects(
      { body: '{"text":', headers: { type: 'Note' } },
      /Could not decode message "Note": the body is not valid JSON/,
    );
  });

  test('body that is not an object', () => {
    rejects({ body: '[1,2]', headers: { type: 'Note' } }, /the body must be a JSON object, got an array/);
    rejects({ body: 'null', headers: { type: 'Note' } }, /the body must be a JSON object, got null/);
    rejects({ body: '"text"', headers: { type: 'Note' } }, /the body must be a JSON object, got the string "text"/);
  });

  test('missing or wrong-typed body and headers', () => {
    rejects(undefined, /should have at least a "body" and some "headers"/);
    rejects({ body: '{}' }, /should have at least a "body" and some "headers"/);
    rejects({ body: '{}', headers: 'type: Note' }, /should have at least a "body" and some "headers"/);
    rejects({ headers: { type: 'Note' } }, /non-empty string "body", got nothing/);
    rejects({ body: { text: 't' }, headers: { type: 'Note' } }, /non-empty string "body", got an object/);
    rejects({ body: '', headers: { type: 'Note' } }, /non-empty string "body"/);
  });

  test('missing or wrong-typed type header', () => {
    rejects({ body: '{}', headers: {} }, /does not have a "type" header/);
    rejects({ body: '{}', headers: { type: 42 } }, /does not have a "type" header \(got number 42\)/);
  });

  test('bad X-Message-Types header', () => {
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', 'X-Message-Types': '{oops' } },
      /the "X-Message-Types" header is not valid JSON/,
    );
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', 'X-Message-Types': '["Date"]' } },
      /must be a JSON object of path → type name, got an array/,
    );
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', 'X-Message-Types': '{"text":1}' } },
      /entry for "text" must be a type name/,
    );
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', 'X-Message-Types': '{"a~2":"Date"}' } },
      /malformed path "a~2"/,
    );
  });

  test('type map path that is not in the body', () => {
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', 'X-Message-Types': '{"missing":"Date"}' } },
      /the "X-Message-Types" header names "missing", which is not in the body/,
    );
    rejects(
      { body: '{"text":"t","lines":[]}', headers: { type: 'Note', 'X-Message-Types': '{"lines/0":"Line"}' } },
      /names "lines\/0", which is not in the body/,
    );
  });

  test('type map entry that does not fit the value', () => {
    rejects(
      { body: '{"text":"t","lines":["x"]}', headers: { type: 'Note', 'X-Message-Types': '{"lines/0":"Line"}' } },
      /"lines\[0\]" should be an object of class Line, got the string "x"/,
    );
    rejects(
      { body: '{"text":"t","lines":[[]]}', headers: { type: 'Note', 'X-Message-Types': '{"lines/0":"Line"}' } },
      /should be an object of class Line, got an array/,
    );
  });

  test('bad Date', () => {
    rejects(
      { body: '{"text":"not a date"}', headers: { type: 'Note', 'X-Message-Types': '{"text":"Date"}' } },
      /"text" should be an ISO-8601 date string, got the string "not a date"/,
    );
    rejects(
      { body: '{"text":"2024-13-45T99:00:00Z"}', headers: { type: 'Note', 'X-Message-Types': '{"text":"Date"}' } },
      /should be an ISO-8601 date string/,
    );
    rejects(
      { body: '{"text":1700000000}', headers: { type: 'Note', 'X-Message-Types': '{"text":"Date"}' } },
      /should be an ISO-8601 date string, got number 1700000000/,
    );
    rejects(
      { body: '{"text":{}}', headers: { type: 'Note', 'X-Message-Types': '{"text":"Date"}' } },
      /should be an ISO-8601 date string, got an object/,
    );
  });

  test('bad stamp headers', () => {
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', [BUS_HEADER]: 'nope' } },
      /BusNameStamp": the header is not valid JSON/,
    );
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', [BUS_HEADER]: '{"busName":"b"}' } },
      /must be a JSON array of stamps, got an object/,
    );
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', [BUS_HEADER]: '["b"]' } },
      /each stamp must be a JSON object, got the string "b"/,
    );
    rejects(
      { body: '{"text":"t"}', headers: { type: 'Note', [BUS_HEADER]: 7 } },
      /the header must be a string, got number 7/,
    );
  });

  test('a RedeliveryStamp with a bad date', () => {
    rejects(
      {
        body: '{"text":"t"}',
        headers: {
          type: 'Note',
          'X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\RedeliveryStamp':
            '[{"retryCount":1,"redeliveredAt":"yesterday"}]',
        },
      },
      /RedeliveryStamp": RedeliveryStamp\.fromJSON\(\) refused it \("redeliveredAt" is not a valid date\)/,
    );
  });

  test('built-in stamps check the shape of their fields', () => {
    const stamp = (name: string, json: string): EncodedEnvelope => ({
      body: '{"text":"t"}',
      headers: { type: 'Note', [`X-Message-Stamp-Symfony\\Component\\Messenger\\Stamp\\${name}`]: json },
    });
    const cases: Array<[string, string, RegExp]> = [
      [
        'RedeliveryStamp',
        '[{"retryCount":"1","redeliveredAt":"2024-01-01T00:00:00Z"}]',
        /"retryCount" must be an integer >= 0, got string/,
      ],
      [
        'RedeliveryStamp',
        '[{"retryCount":-2,"redeliveredAt":"2024-01-01T00:00:00Z"}]',
        /"retryCount" must be an integer >= 0, got number/,
      ],
      ['DelayStamp', '[{"delay":"soon"}]', /"delay" must be an integer, got string/],
      ['DelayStamp', '[{}]', /"delay" must be an integer, got nothing/],
      ['BusNameStamp', '[{"busName":{"x":1}}]', /"busName" must be a string, got an object/],
      [
        'ErrorDetailsStamp',
        '[{"exceptionClass":"E","exceptionCode":0,"exceptionMessage":["x"]}]',
        /"exceptionMessage" must be a string, got a list/,
      ],
      [
        'ErrorDetailsStamp',
        '[{"exceptionClass":"E","exceptionCode":0,"exceptionMessage":"m","flattenException":{"class":"E","message":1,"code":0}}]',
        /"message" must be a string, got number/,
      ],
      ['TransportNamesStamp', '[{"transportNames":"async"}]', /"transportNames" must be a list of strings, got string/],
      ['ValidationStamp', '[{"groups":[1]}]', /"groups" must be a list of strings, got a list/],
      ['TransportMessageIdStamp', '[{"id":null}]', /"id" must be a string or a number, got null/],
      ['SerializerStamp', '[{"context":[]}]', /"context" must be an object, got a list/],
      ['SentToFailureTransportStamp', '[{}]', /"originalReceiverName" must be a string, got nothing/],
      ['HandledStamp', '[{"result":1}]', /"handlerName" must be a string, got nothing/],
    ];
    for (const [name, json, reason] of cases) {
      rejects(
        stamp(name, json),
        new RegExp(`Could not decode stamp ".*${name}": ${name}\\.fromJSON\\(\\) refused it \\(${reason.source}\\)`),
      );
    }
    const ok = serializer().decode(
      stamp(
        'ErrorDetailsStamp',
        '[{"exceptionClass":"E","exceptionCode":"X1","exceptionMessage":"m","flattenException":{"class":"E","message":"m","code":0,"traceAsString":"at x","previous":{"class":"C","message":"c","code":1}}}]',
      ),
    );
    assert.equal(ok.last(ErrorDetailsStamp)?.flattenException?.previous?.message, 'c');
  });

  test('a body nested too deeply', () => {
    const deep = `{"text":"t","data":${'['.repeat(600)}${']'.repeat(600)}}`;
    rejects({ body: deep, headers: { type: 'Note' } }, /nested more than 512 levels deep/);
  });

  test('never lets a raw SyntaxError or TypeError escape', () => {
    const inputs: unknown[] = [
      null,
      1,
      'x',
      [],
      { body: null, headers: null },
      { body: '{', headers: { type: 'Note' } },
      { body: '{}', headers: { type: 'Note', [BUS_HEADER]: '[null]' } },
    ];
    for (const input of inputs) {
      assert.throws(() => serializer().decode(input as EncodedEnvelope), MessageDecodingFailedException);
    }
  });

  test('a valid envelope still decodes', () => {
    const decoded = serializer().decode({
      body: '{"text":"t","lines":[{"sku":"A"}]}',
      headers: { type: 'Note', 'X-Message-Types': '{"lines/0":"Line"}', [BUS_HEADER]: '[{"busName":"b"}]' },
    });
    assert.ok((decoded.message as Note).lines[0] instanceof Line);
    assert.ok(decoded.last(BusNameStamp) instanceof BusNameStamp);
  });
});

describe('headers stored as JSON text (database transports)', () => {
  test('each decode gets headers of its own, even when the stored text repeats', () => {
    const received: Array<Record<string, string>> = [];
    const recording: Serializer = {
      encode: () => assert.fail('not used'),
      decode: (encoded) => {
        received.push({ ...encoded.headers });
        // A serializer may change what it is given: the next message must not see it.
        encoded.headers['type'] = 'changed';
        delete encoded.headers['Content-Type'];
        return Envelope.wrap(new Note('x'));
      },
    };
    const text = JSON.stringify({ type: 'Note', 'Content-Type': 'application/json' });
    for (let i = 0; i < 3; i++) decodeOrKeep(recording, '{"text":"x"}', Buffer.from(text).toString());
    assert.deepEqual(received, Array(3).fill({ type: 'Note', 'Content-Type': 'application/json' }));
  });
});
