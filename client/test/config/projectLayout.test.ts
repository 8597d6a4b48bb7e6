import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { configFileIn, configFileSetting, projectDirForConfig } from '../../src/config/projectLayout';

test('the config file is config/packages/messenger.yaml of the project unless the setting says otherwise', () => {
  assert.equal(configFileIn('/ws', ''), join('/ws', 'config', 'packages', 'messenger.yaml'));
  assert.equal(configFileIn('/ws', 'config/messenger.yml'), join('/ws', 'config', 'messenger.yml'));
  assert.equal(configFileIn('/ws', './config/../config/app.yaml'), join('/ws', 'config', 'app.yaml'));
});

test('a setting that leaves the project is refused, never followed (Create messenger.yaml would write there)', () => {
  assert.equal(configFileIn('/ws', '/etc/app/messenger.yaml'), undefined);
  assert.equal(configFileIn('/ws', '../other/config/packages/messenger.yaml'), undefined);
  assert.equal(configFileIn('/ws', 'config/../../x.yaml'), undefined);
  assert.equal(configFileIn('/ws', 'C:\\Users\\x\\messenger.yaml'), undefined);
  assert.equal(configFileIn('/ws', '.'), undefined);
});

test('what the language server gets: the project-relative setting, or nothing for the default and for a refused one', () => {
  assert.equal(configFileSetting(''), undefined);
  assert.equal(configFileSetting(' config/messenger.yml '), 'config/messenger.yml');
  assert.equal(configFileSetting('/etc/messenger.yaml'), undefined);
  assert.equal(configFileSetting('../messenger.yaml'), undefined);
});

test('the project is the folder that holds config/packages/', () => {
  assert.equal(projectDirForConfig('/ws/apps/api/config/packages/messenger.yaml'), '/ws/apps/api');
  assert.equal(projectDirForConfig('/ws/config/packages/messenger.yml'), '/ws');
  assert.equal(projectDirForConfig('/etc/app/messenger.yaml'), undefined);
});
