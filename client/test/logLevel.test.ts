import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeLogLevel, shouldLog } from '../src/logging/logLevel';

test('PSR-3 and Node level names map onto ours', () => {
  assert.deepEqual(['critical', 'warning', 'notice', 'verbose', 'debug', 'whatever', 42].map(normalizeLogLevel), [
    'error',
    'warn',
    'info',
    'debug',
    'debug',
    'info',
    'info',
  ]);
});

test('the threshold hides less severe lines only', () => {
  assert.equal(shouldLog('error', 'warn'), true);
  assert.equal(shouldLog('warn', 'warn'), true);
  assert.equal(shouldLog('info', 'warn'), false);
  assert.equal(shouldLog('trace', 'trace'), true);
});
