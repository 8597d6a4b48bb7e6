import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { RecountTriggers } from '../../src/stats/recountTriggers';
import { DIR, sampleProject } from '../map/sampleModel';

test("a change on disk to the project's messenger.yaml files or .env files counts again; other files do not", () => {
  const triggers = new RecountTriggers();
  const projects = [
    sampleProject({ configFiles: [join(DIR, 'config', 'packages', 'messenger.yaml'), join(DIR, '.env')] }),
  ];
  for (const file of ['config/packages/messenger.yaml', '.env', '.env.local', 'config/packages/test/messenger.yaml'])
    assert.equal(triggers.fileChanged(join(DIR, file), projects), true, file);
  for (const file of [
    'src/Message/Sms.ts',
    'config/services.yaml',
    'docs/.env',
    'node_modules/x/config/packages/messenger.yaml',
  ])
    assert.equal(triggers.fileChanged(join(DIR, file), projects), false, file);
  assert.equal(triggers.fileChanged('/elsewhere/.env', projects), false);
});
