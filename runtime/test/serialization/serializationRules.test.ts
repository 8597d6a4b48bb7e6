import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  classifyClass,
  FORBIDDEN_KEYS,
  REVIVED_BUILTINS,
  UNSUPPORTED_BUILTINS,
  UNSUPPORTED_PRIMITIVES,
  unregisteredClassReason,
  unsupportedBuiltinReason,
} from '../../src/transport/serialization/serializationRules.js';

describe('serializationRules', () => {
  test('revives only Date', () => {
    assert.deepEqual(REVIVED_BUILTINS, ['Date']);
    assert.deepEqual(classifyClass(['Date']), { kind: 'revived', name: 'Date' });
  });

  test('classifies by any name in the chain, so subclasses of unsupported built-ins are refused', () => {
    assert.deepEqual(classifyClass(['Map']), { kind: 'unsupported', reason: UNSUPPORTED_BUILTINS['Map'] });
    assert.deepEqual(classifyClass(['MyEmitter', 'EventEmitter']), {
      kind: 'unsupported',
      reason: UNSUPPORTED_BUILTINS['EventEmitter'],
    });
    assert.deepEqual(classifyClass(['Buffer', 'Uint8Array', 'TypedArray']), {
      kind: 'unsupported',
      reason: UNSUPPORTED_BUILTINS['Buffer'],
    });
    assert.deepEqual(classifyClass(['ValidationError', 'Error']), {
      kind: 'unsupported',
      reason: UNSUPPORTED_BUILTINS['Error'],
    });
  });

  test('refuses subclasses of Date and Array, which would come back as the plain built-in', () => {
    const result = classifyClass(['Deadline', 'Date']);
    assert.equal(result.kind, 'unsupported');
    assert.match((result as { reason: string }).reason, /subclass of Date \(Deadline\)/);
    assert.equal(classifyClass(['Lines', 'Array']).kind, 'unsupported');
  });

  test('treats anything else as a user class, named by the most derived class', () => {
    assert.deepEqual(classifyClass(['OrderLine', 'Line']), { kind: 'class', name: 'OrderLine' });
    assert.deepEqual(classifyClass(['']), { kind: 'class', name: '' });
  });

  test('does not mistake Object.prototype members for built-ins', () => {
    assert.equal(unsupportedBuiltinReason('toString'), undefined);
    assert.equal(unsupportedBuiltinReason('hasOwnProperty'), undefined);
    assert.deepEqual(classifyClass(['constructor']), { kind: 'class', name: 'constructor' });
  });

  test('lists the built-ins and primitives the issue names, each with advice', () => {
    const required = [
      'Promise',
      'Map',
      'Set',
      'WeakMap',
      'WeakSet',
      'Readable',
      'Writable',
      'Duplex',
      'Transform',
      'Stream',
      'ReadableStream',
      'WritableStream',
      'EventEmitter',
      'Buffer',
      'ArrayBuffer',
      'Uint8Array',
      'Int32Array',
      'Float64Array',
      'BigInt64Array',
      'RegExp',
      'Error',
      'Function',
    ];
    for (const name of required) {
      const reason = unsupportedBuiltinReason(name);
      assert.ok(reason, `${name} should be unsupported`);
      // "<path> is a Map: why; what to do instead"
      assert.match(reason, /^an? [^:]+: .+/, `${name}: ${reason}`);
    }
    assert.deepEqual(Object.keys(UNSUPPORTED_PRIMITIVES).sort(), ['bigint', 'function', 'symbol']);
    assert.match(unregisteredClassReason('Foo'), /class Foo.*register it with createMessenger/);
    assert.match(unregisteredClassReason(''), /an anonymous class/);
    assert.deepEqual([...FORBIDDEN_KEYS].sort(), ['__proto__', 'constructor', 'prototype']);
  });

  test('imports nothing but types, so the language server can load it alone', () => {
    const source = readFileSync(
      new URL('../../src/transport/serialization/serializationRules.ts', import.meta.url),
      'utf8',
    );
    const imports = source.split('\n').filter((line) => /^\s*import\s/.test(line));
    for (const line of imports) assert.match(line, /^\s*import type\s/, line);
  });
});
