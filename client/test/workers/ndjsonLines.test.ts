import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineSplitter } from '../../src/workers/ndjsonLines';

test('lines split across chunks come out whole, CRLF included', () => {
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.push('{"a":1}\n{"b"'), ['{"a":1}']);
  assert.deepEqual(splitter.push(':2}\r\n\n{"c":3}'), ['{"b":2}', '']);
  assert.deepEqual(splitter.flush(), ['{"c":3}']);
  assert.deepEqual(splitter.flush(), []);
});

test('a multi-byte character split between two buffers is decoded once whole', () => {
  const bytes = Buffer.from('{"m":"é"}\n');
  const splitter = new LineSplitter();
  const cut = bytes.indexOf(0xc3) + 1;
  assert.deepEqual(splitter.push(bytes.subarray(0, cut)), []);
  assert.deepEqual(splitter.push(bytes.subarray(cut)), ['{"m":"é"}']);
});
