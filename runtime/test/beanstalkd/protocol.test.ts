// The beanstalkd protocol module and the transport's options, without a server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidTransportOptionException } from '../../src/errors/InvalidTransportOptionException.js';
import { beanstalkdConfiguration } from '../../src/transport/beanstalkd/BeanstalkdOptions.js';
import { BeanstalkdPriorityStamp } from '../../src/transport/beanstalkd/BeanstalkdPriorityStamp.js';
import {
  checkTubeName,
  command,
  ProtocolError,
  parseStats,
  putCommand,
  ReplyParser,
} from '../../src/transport/beanstalkd/protocol.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('beanstalkd replies', () => {
  it('cuts one chunk into several replies, bodies included', () => {
    const replies = new ReplyParser().feed(
      bytes('INSERTED 1\r\nRESERVED 7 5\r\nhello\r\nTIMED_OUT\r\nOK 9\r\n---\na: 1\n\r\n'),
    );
    assert.deepEqual(
      replies.map((r) => [r.words, r.body?.toString()]),
      [
        [['INSERTED', '1'], undefined],
        [['RESERVED', '7', '5'], 'hello'],
        [['TIMED_OUT'], undefined],
        [['OK', '9'], '---\na: 1\n'],
      ],
    );
  });

  it('waits for the rest of a line or a body split across chunks, one byte at a time', () => {
    const parser = new ReplyParser();
    // The body holds CRLFs, and is counted in bytes ("€" is three of them).
    const stream = bytes('FOUND 12 11\r\nab\r\ncd\r\n€\r\nDELETED\r\n');
    const replies = [...stream].flatMap((byte) => parser.feed(Buffer.from([byte])));
    assert.deepEqual(
      replies.map((r) => [r.words.join(' '), r.body?.toString()]),
      [
        ['FOUND 12 11', 'ab\r\ncd\r\n€'],
        ['DELETED', undefined],
      ],
    );
  });

  it('refuses a body that does not end with CRLF, and a line longer than any reply', () => {
    assert.throws(() => new ReplyParser().feed(bytes('RESERVED 1 2\r\nabcd\r\n')), ProtocolError);
    assert.throws(() => new ReplyParser().feed(Buffer.alloc(2000, 65)), ProtocolError);
  });

  it('reads stats as strings, without building objects from keys it does not know', () => {
    const stats = parseStats(bytes('---\ncurrent-jobs-ready: 3\nname: my-tube\n__proto__: x\n'));
    assert.equal(stats['current-jobs-ready'], '3');
    assert.equal(stats['name'], 'my-tube');
    assert.equal(Object.getPrototypeOf(stats), null);
  });
});

describe('beanstalkd commands', () => {
  it('writes put with its priority, delay, ttr and body length in bytes', () => {
    assert.equal(putCommand(bytes('é'), 1024, 2, 90).toString(), 'put 1024 2 90 2\r\né\r\n');
    assert.equal(command('reserve-with-timeout', 0).toString(), 'reserve-with-timeout 0\r\n');
  });

  it('accepts the tube names the protocol allows, and says what is wrong with others', () => {
    for (const name of ['default', 'a', 'emails_high-1', 'x+y/z;$.()', 'n'.repeat(200)])
      assert.equal(checkTubeName(name), name);
    for (const name of ['', '-leading-hyphen', 'with space', 'ünïcode', 'n'.repeat(201), 'new\r\nline'])
      assert.throws(() => checkTubeName(name), /tube name has 1 to 200 letters/);
  });

  it('takes priorities from 0 (most urgent) to 2^32 - 1', () => {
    assert.equal(new BeanstalkdPriorityStamp(0).priority, 0);
    assert.equal(new BeanstalkdPriorityStamp(4294967295).priority, 4294967295);
    for (const wrong of [-1, 1.5, 4294967296, Number.NaN])
      assert.throws(() => new BeanstalkdPriorityStamp(wrong), /whole number from 0 \(most urgent\)/);
  });
});

describe('Beanstalkd transport options', () => {
  it("has Symfony's defaults", () => {
    assert.deepEqual(beanstalkdConfiguration({}), { tubeName: 'default', timeout: 0, ttr: 90, buryOnReject: false });
  });

  it('refuses what beanstalkd cannot take, naming the option', () => {
    const refused = (options: Record<string, unknown>, pattern: RegExp): void => {
      assert.throws(
        () => beanstalkdConfiguration(options),
        (error: unknown) => error instanceof InvalidTransportOptionException && pattern.test(error.message),
      );
    };
    refused({ ttr: 0 }, /"ttr" must be a whole number of seconds >= 1, got 0/);
    refused({ timeout: 1.5 }, /"timeout" must be a whole number of seconds >= 0, got 1.5/);
    refused({ timeout: -1 }, /"timeout"/);
    refused({ tube_name: 'bad name' }, /Invalid tube_name "bad name"/);
  });
});
