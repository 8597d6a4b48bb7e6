import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseProject, configFileOf } from '../../src/model/currentProject';
import { sampleProject } from '../map/sampleModel';

test('a project the server found without messenger.yaml (package.json + src/messenger.ts) is a project: workers and the CLI run there', () => {
  const bare = sampleProject({ projectDir: '/ws/packages/api', configFiles: ['/ws/packages/api/.env'] });
  assert.deepEqual(chooseProject([bare], undefined, undefined), {
    projectDir: '/ws/packages/api',
    configFile: undefined,
  });
});

test("the config file is the first YAML the server read (the base file; the environment's and .env come after)", () => {
  assert.equal(
    configFileOf(
      sampleProject({
        configFiles: ['/app/config/packages/messenger.yaml', '/app/config/packages/dev/messenger.yaml', '/app/.env'],
      }),
    ),
    '/app/config/packages/messenger.yaml',
  );
  assert.equal(
    configFileOf(sampleProject({ configFiles: ['/app/config/messenger.yml', '/app/.env'] })),
    '/app/config/messenger.yml',
  );
});

test('among several projects: the one acted on so far, else the one the file check found, else the first', () => {
  const projects = [
    sampleProject({ projectDir: '/ws/a' }),
    sampleProject({ projectDir: '/ws/b' }),
    sampleProject({ projectDir: '/ws/c' }),
  ];
  assert.equal(chooseProject(projects, '/ws/c', '/ws/b')?.projectDir, '/ws/c');
  assert.equal(chooseProject(projects, '/ws/gone', '/ws/b')?.projectDir, '/ws/b');
  assert.equal(chooseProject(projects, undefined, undefined)?.projectDir, '/ws/a');
  assert.equal(chooseProject([], '/ws/a', '/ws/a'), undefined);
});
