import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { DOCUMENT_SELECTOR, MESSENGER_YAML_PATTERN, serverSettings } from '../../src/languageClient/documentSelector';

test('the server gets TypeScript (.tsx too) and messenger.yaml or messenger.yml', () => {
  assert.deepEqual(
    DOCUMENT_SELECTOR.map((s) => s.language),
    ['typescript', 'typescriptreact', 'yaml'],
  );
  assert.equal(MESSENGER_YAML_PATTERN, '**/config/packages/**/messenger.{yaml,yml}');
});

test('the client keeps no file watcher of its own: the server registers its watchers, a second set would send each change twice', () => {
  const source = readFileSync(
    resolve(__filename, '..', '..', '..', 'src', 'languageClient', 'startLanguageClient.ts'),
    'utf8',
  );
  assert.doesNotMatch(source, /synchronize|createFileSystemWatcher/);
});

test('the settings the server reads: env and the project-relative configFile, under `messenger`', () => {
  assert.deepEqual(serverSettings('', undefined), { messenger: {} });
  assert.deepEqual(serverSettings('test', 'config/messenger.yml'), {
    messenger: { env: 'test', configFile: 'config/messenger.yml' },
  });
});
