/** client/package.json: what VS Code reads before any code runs. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const CLIENT = resolve(__filename, '..', '..');
const manifest = JSON.parse(readFileSync(join(CLIENT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

test('activates only on messenger projects, never on startup', () => {
  assert.ok(manifest.activationEvents.includes('workspaceContains:**/config/packages/messenger.yaml'));
  assert.ok(manifest.activationEvents.some((e: string) => e.includes('node_modules/@messenger-ts/runtime/package.json')));
  assert.ok(!manifest.activationEvents.some((e: string) => e === '*' || e === 'onStartupFinished'));
  assert.equal(manifest.main, './dist/extension.js');
});

test('every command is a "Messenger: …" command; the ones that run user code need trust', () => {
  for (const command of contributes.commands) assert.equal(command.category, 'Messenger', command.command);
  const needTrust = ['messenger.startWorker', 'messenger.stopWorker', 'messenger.stopAllWorkers'];
  for (const id of needTrust) assert.equal(contributes.commands.find((c: { command: string }) => c.command === id)?.enablement, 'isWorkspaceTrusted', id);
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['messenger.cliCommand']);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('the Messenger container has its three views, each with welcome content', () => {
  assert.deepEqual(contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id), ['messenger']);
  assert.ok(existsSync(join(CLIENT, contributes.viewsContainers.activitybar[0].icon)));
  const views = contributes.views.messenger.map((v: { id: string }) => v.id);
  assert.deepEqual(views, ['messenger.map', 'messenger.workers', 'messenger.failed']);
  for (const view of views) assert.ok(contributes.viewsWelcome.some((w: { view: string }) => w.view === view), view);
  const createLinks = contributes.viewsWelcome.filter((w: { contents: string }) => w.contents.includes('command:messenger.createConfig'));
  assert.ok(createLinks.every((w: { when: string }) => w.when.includes('!messenger.hasConfig')));
});

test('settings, schema and grammar point at files that exist', () => {
  const settings = Object.keys(contributes.configuration.properties);
  for (const key of ['messenger.configPath', 'messenger.cliCommand', 'messenger.environment', 'messenger.logLevel']) assert.ok(settings.includes(key), key);
  assert.equal(contributes.configuration.properties['messenger.cliCommand'].default, 'node_modules/.bin/messenger');
  assert.ok(existsSync(join(CLIENT, contributes.yamlValidation[0].url)));
  const grammar = contributes.grammars[0];
  assert.deepEqual(grammar.injectTo, ['source.yaml']);
  // The build copies syntaxes/ into dist/: the source must exist under the same name.
  assert.ok(existsSync(join(CLIENT, '..', 'syntaxes', grammar.path.replace('./dist/syntaxes/', ''))));
  const injection = JSON.parse(readFileSync(join(CLIENT, '..', 'syntaxes', 'messenger-yaml.injection.tmLanguage.json'), 'utf8'));
  assert.equal(injection.scopeName, grammar.scopeName);
});
