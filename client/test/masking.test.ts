import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASK, maskJson, maskText } from '../src/masking/maskCredentials';

test('maskText masks the password of every DSN in a line, and nothing else', () => {
  assert.equal(
    maskText('connecting to amqp://guest:hunter2@rabbit:5672/%2f and redis://:s3cret@cache:6379 failed'),
    'connecting to amqp://guest:****@rabbit:5672/%2f and redis://:****@cache:6379 failed',
  );
  assert.equal(maskText('no credentials here: sync:// and 3 + 4'), 'no credentials here: sync:// and 3 + 4');
});

test('maskText masks secret query parameters of a DSN (the runtime maskDsn rules)', () => {
  assert.equal(
    maskText("dsn 'sqs://queue?access_key=AKIA&secret_key=xyz&region=eu'"),
    "dsn 'sqs://queue?access_key=****&secret_key=****&region=eu'",
  );
});

test('maskJson masks secret-named keys and DSNs nested anywhere, without changing the input', () => {
  const body = {
    user: { name: 'ada', password: 'pw', token: 'abc' },
    list: [{ dsn: 'redis://u:p@h' }],
    count: 3,
    empty: { secret: '' },
  };
  const masked = maskJson(body) as typeof body;
  assert.deepEqual(masked, {
    user: { name: 'ada', password: MASK, token: MASK },
    list: [{ dsn: 'redis://u:****@h' }],
    count: 3,
    empty: { secret: '' },
  });
  assert.equal(body.user.password, 'pw');
});
