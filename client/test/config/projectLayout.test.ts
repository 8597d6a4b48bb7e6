import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { configFileFor, projectDirForConfig } from '../../src/config/projectLayout';

test('the config file is config/packages/messenger.yaml unless the setting says otherwise', () => {
  assert.equal(configFileFor('/ws', ''), join('/ws', 'config', 'packages', 'messenger.yaml'));
  assert.equal(configFileFor('/ws', 'apps/api/config/packages/messenger.yaml'), join('/ws', 'apps/api/config/packages/messenger.yaml'));
  assert.equal(configFileFor('/ws', '/etc/app/messenger.yaml'), '/etc/app/messenger.yaml');
});

test('the project is the folder that holds config/packages/', () => {
  assert.equal(projectDirForConfig('/ws/apps/api/config/packages/messenger.yaml'), '/ws/apps/api');
  assert.equal(projectDirForConfig('/etc/app/messenger.yaml'), '/etc/app');
});
