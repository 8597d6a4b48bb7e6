/** Where a project keeps its files: one module, read by the runtime, the server and the extension. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  BOOTSTRAP_MODULES,
  configFileGlobs,
  dotenvOverrideFiles,
  isProjectConfigFile,
  locateBootstrapModule,
  projectDirOfConfigFile,
} from '../../src/layout/projectLayout.js';
import { readMessengerConfig } from '../../src/index.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';

const transports = (body: string) => messengerYaml(`transports:\n${body}`);

describe('the project layout', () => {
  it('reads config/packages/messenger.yml when there is no messenger.yaml, and its environment file', () => {
    const projectDir = tempProject({
      'config/packages/messenger.yml': transports("  async: 'in-memory://'"),
      'config/packages/test/messenger.yml': transports("  audit: 'in-memory://'"),
    });
    const { config, problems } = readMessengerConfig({ projectDir, env: 'test', processEnv: {} });
    assert.deepEqual(problems, []);
    assert.deepEqual([...config.transports.keys()], ['async', 'audit']);
    assert.deepEqual(config.files.slice(0, 2), [
      join(projectDir, 'config/packages/messenger.yml'),
      join(projectDir, 'config/packages/test/messenger.yml'),
    ]);
  });

  it('reads messenger.yaml when both exist, and says the .yml is ignored', () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': transports("  async: 'in-memory://'"),
      'config/packages/messenger.yml': transports("  other: 'in-memory://'"),
    });
    const { config, problems } = readMessengerConfig({ projectDir, processEnv: {} });
    assert.deepEqual([...config.transports.keys()], ['async']);
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, p.location.file, p.message]),
      [
        [
          'ignored-config-file',
          'warning',
          join(projectDir, 'config/packages/messenger.yml'),
          'config/packages/messenger.yml is ignored: config/packages/messenger.yaml is read instead. Merge the two into one file.',
        ],
      ],
    );
  });

  it('names config files, bootstrap modules and .env files once', () => {
    assert.deepEqual(configFileGlobs(), [
      '**/config/packages/messenger.yaml',
      '**/config/packages/*/messenger.yaml',
      '**/config/packages/messenger.yml',
      '**/config/packages/*/messenger.yml',
    ]);
    assert.equal(projectDirOfConfigFile('/work/app/config/packages/messenger.yml'), '/work/app');
    assert.equal(projectDirOfConfigFile('/work/app/config/packages/dev/messenger.yaml'), undefined);
    assert.equal(projectDirOfConfigFile('/work/app/config/messenger.yaml'), undefined);
    assert.ok(isProjectConfigFile('/app', '/app/config/packages/prod/messenger.yml'));
    assert.ok(!isProjectConfigFile('/app', '/app/config/packages/prod/deep/messenger.yaml'));
    assert.deepEqual(dotenvOverrideFiles('dev'), ['.env.local', '.env.dev', '.env.dev.local']);
    assert.deepEqual(dotenvOverrideFiles('test'), ['.env.test', '.env.test.local']);
    assert.equal(BOOTSTRAP_MODULES[0], 'src/messenger.ts');
    const present = new Set(['/app/src/messenger.mjs']);
    assert.equal(
      locateBootstrapModule('/app', undefined, (p) => present.has(p)),
      '/app/src/messenger.mjs',
    );
    assert.equal(
      locateBootstrapModule('/app', 'boot/app.ts', () => false),
      '/app/boot/app.ts',
    );
  });
});
