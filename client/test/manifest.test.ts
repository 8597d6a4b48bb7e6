/** client/package.json: what VS Code reads before any code runs. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { configFileGlobs } from '@messenger-ts/runtime/layout';

const CLIENT = resolve(__filename, '..', '..');
const manifest = JSON.parse(readFileSync(join(CLIENT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

test('activates only on messenger projects, never on startup: where the project layout puts config files', () => {
  // The runtime reads these files (messenger.yml too), the server and the document selector follow the same layout.
  const configEvents = manifest.activationEvents.filter((e: string) => !e.includes('node_modules'));
  assert.deepEqual(
    configEvents,
    configFileGlobs().map((glob) => `workspaceContains:${glob}`),
  );
  assert.deepEqual(contributes.yamlValidation[0].fileMatch, configFileGlobs());
  assert.ok(
    manifest.activationEvents.some((e: string) => e.includes('node_modules/@messenger-ts/runtime/package.json')),
  );
  assert.ok(!manifest.activationEvents.some((e: string) => e === '*' || e === 'onStartupFinished'));
  assert.equal(manifest.main, './dist/extension.js');
});

test('every command is a "Messenger: …" command; the ones that run user code need trust', () => {
  for (const command of contributes.commands) assert.equal(command.category, 'Messenger', command.command);
  const needTrust = [
    'messenger.startWorker',
    'messenger.startWorkerWithOptions',
    'messenger.stopWorker',
    'messenger.stopAllWorkers',
    ...contributes.commands
      .map((c: { command: string }) => c.command)
      .filter((id: string) => id.startsWith('messenger.failed.')),
  ];
  assert.ok(needTrust.length >= 14);
  for (const id of needTrust)
    assert.equal(
      contributes.commands.find((c: { command: string }) => c.command === id)?.enablement,
      'isWorkspaceTrusted',
      id,
    );
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['messenger.cliCommand']);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('the Messenger container has its three views, each with welcome content', () => {
  assert.deepEqual(
    contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id),
    ['messenger'],
  );
  assert.ok(existsSync(join(CLIENT, contributes.viewsContainers.activitybar[0].icon)));
  const views = contributes.views.messenger.map((v: { id: string }) => v.id);
  assert.deepEqual(views, ['messenger.map', 'messenger.workers', 'messenger.throughput', 'messenger.failed']);
  // Welcome content is for tree views; the Throughput webview draws its own.
  const trees = contributes.views.messenger.filter((v: { type?: string }) => v.type !== 'webview');
  for (const { id: view } of trees as Array<{ id: string }>)
    assert.ok(
      contributes.viewsWelcome.some((w: { view: string }) => w.view === view),
      view,
    );
  const createLinks = contributes.viewsWelcome.filter((w: { contents: string }) =>
    w.contents.includes('command:messenger.createConfig'),
  );
  assert.ok(createLinks.every((w: { when: string }) => w.when.includes('!messenger.hasConfig')));
});

test('settings, schema and grammar point at files that exist', () => {
  const settings = Object.keys(contributes.configuration.properties);
  for (const key of ['messenger.configPath', 'messenger.cliCommand', 'messenger.environment', 'messenger.logLevel'])
    assert.ok(settings.includes(key), key);
  // Empty: the project's own CLI, run with node (node_modules/.bin/messenger is a .cmd shim on Windows, which Node will not spawn).
  assert.equal(contributes.configuration.properties['messenger.cliCommand'].default, '');
  assert.ok(existsSync(join(CLIENT, contributes.yamlValidation[0].url)));
  const grammar = contributes.grammars[0];
  assert.deepEqual(grammar.injectTo, ['source.yaml']);
  // The build copies syntaxes/ into dist/: the source must exist under the same name.
  assert.ok(existsSync(join(CLIENT, '..', 'syntaxes', grammar.path.replace('./dist/syntaxes/', ''))));
  const injection = JSON.parse(
    readFileSync(join(CLIENT, '..', 'syntaxes', 'messenger-yaml.injection.tmLanguage.json'), 'utf8'),
  );
  assert.equal(injection.scopeName, grammar.scopeName);
});

test('every command a menu names is contributed, and every command registered in code is contributed (and vice versa)', async () => {
  const ids = new Set(contributes.commands.map((c: { command: string }) => c.command));
  const menus = Object.values(contributes.menus as Record<string, Array<{ command: string }>>).flat();
  assert.deepEqual(
    menus.filter((m) => !ids.has(m.command)).map((m) => m.command),
    [],
  );
  const source = readFileSync(join(CLIENT, 'src', 'commands', 'registerCommands.ts'), 'utf8');
  const registered = new Set([...source.matchAll(/'(messenger\.[\w.]+)':/g)].map((m) => m[1]));
  assert.deepEqual(
    [...ids].filter((id) => !registered.has(id as string)),
    [],
  );
  assert.deepEqual(
    [...registered].filter((id) => !ids.has(id)),
    [],
  );
});

test("the views' title bars and rows offer the actions of the issue", () => {
  const title = contributes.menus['view/title'].map(
    (m: { command: string; when: string }) => `${m.when.split(' ')[2]} ${m.command}`,
  );
  for (const expected of [
    'messenger.map messenger.refreshMap',
    'messenger.workers messenger.startWorker',
    'messenger.workers messenger.stopAllWorkers',
    'messenger.failed messenger.failed.filterByClass',
    'messenger.failed messenger.failed.groupByClass',
    'messenger.failed messenger.failed.retryAll',
    'messenger.failed messenger.failed.removeAll',
  ]) {
    assert.ok(title.includes(expected), expected);
  }
  const inline = contributes.menus['view/item/context']
    .filter((m: { group: string }) => m.group.startsWith('inline'))
    .map((m: { command: string }) => m.command);
  for (const expected of [
    'messenger.startWorker',
    'messenger.stopWorker',
    'messenger.failed.retry',
    'messenger.failed.remove',
  ])
    assert.ok(inline.includes(expected), expected);
  // A row for an undecodable message offers Remove, never Retry.
  const retry = contributes.menus['view/item/context'].filter(
    (m: { command: string }) => m.command === 'messenger.failed.retry',
  );
  assert.ok(
    retry.every((m: { when: string }) => m.when.includes('viewItem == failedMessage') && !m.when.includes('=~')),
  );
});
