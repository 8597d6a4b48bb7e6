import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMessengerConfig } from '@messenger-ts/runtime';
import {
  STARTER_CONFIG_PATH,
  STARTER_DSN_VARIABLE,
  starterConfig,
  starterDotenvAddition,
} from '../../src/config/starterConfig';

test('the starter messenger.yaml, with its .env line, loads without a config error', () => {
  const project = mkdtempSync(join(tmpdir(), 'starter-'));
  mkdirSync(join(project, 'config', 'packages'), { recursive: true });
  writeFileSync(join(project, STARTER_CONFIG_PATH), starterConfig());
  writeFileSync(join(project, '.env'), starterDotenvAddition(undefined)!);
  const { config, problems } = readMessengerConfig({ projectDir: project, processEnv: {} });
  assert.deepEqual(
    problems.filter((p) => p.severity === 'error').map((p) => p.message),
    [],
  );
  assert.deepEqual([...config.transports.keys()], ['async', 'failed', 'sync']);
  assert.equal(config.failureTransport, 'failed');
  assert.equal(config.transports.get('async')?.retryStrategy.maxRetries, 3);
});

test('.env gets the DSN variable only when it is not defined yet, on a line of its own', () => {
  assert.match(
    starterDotenvAddition(undefined)!,
    new RegExp(`^###> messenger-ts ###\\n${STARTER_DSN_VARIABLE}=sqlite://var/messenger.db\\n`),
  );
  assert.equal(starterDotenvAddition(`APP_ENV=dev\n${STARTER_DSN_VARIABLE}=redis://localhost\n`), undefined);
  assert.equal(starterDotenvAddition(`export ${STARTER_DSN_VARIABLE}=x`), undefined);
  assert.ok(
    starterDotenvAddition('APP_ENV=dev')!.startsWith('\n###>'),
    'a file without a final newline gets one first',
  );
});
