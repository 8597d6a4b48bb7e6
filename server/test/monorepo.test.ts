/**
 * A monorepo root (npm workspaces, a solution-style tsconfig): `messenger check` there and the
 * language server opened there find the same projects (each app against its own configuration,
 * none for the root itself) and report exactly the same diagnostics.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CheckJson } from '@messenger-ts/runtime/contract';
import { LspTestClient } from './support/lspClient.js';

const ROOT = fileURLToPath(new URL('../../test/fixtures/monorepo', import.meta.url));
const MESSENGER = fileURLToPath(new URL('../../runtime/bin/messenger.js', import.meta.url));

describe('a monorepo root', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start(ROOT);
  });
  after(async () => {
    await client.stop();
  });

  it('messenger check and the server find the same projects and report the same diagnostics', async () => {
    const result = spawnSync(process.execPath, [MESSENGER, 'check', '.', '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, APP_ENV: '' },
    });
    assert.equal(result.status, 1, result.stderr);
    const cli = (JSON.parse(result.stdout) as CheckJson).diagnostics.map(
      (d) => `${d.file}:${d.line}:${d.column} ${d.code}`,
    );
    assert.deepEqual(cli, [
      'apps/api/config/packages/messenger.yaml:10:40 unknown-transport',
      'apps/worker/src/bootstrap.ts:7:30 unrouted-message',
    ]);
    const { projects } = await client.model();
    assert.deepEqual(projects.map((p) => p.projectDir.slice(ROOT.length + 1)).sort(), ['apps/api', 'apps/worker']);
    const server = client
      .summary(ROOT)
      .map((line) => line.replace(/^(\S+?):(\d+):(\d+)-\S+ (\S+) .*$/, '$1:$2:$3 $4'))
      .sort();
    assert.deepEqual(server, [...cli].sort());
  });

  it('a file of the package without messenger, opened, makes no project of the root', async () => {
    const file = join(ROOT, 'apps/web/src/index.ts');
    await client.open(file);
    const { projects } = await client.model();
    assert.deepEqual(projects.map((p) => p.projectDir.slice(ROOT.length + 1)).sort(), ['apps/api', 'apps/worker']);
    assert.equal(client.diagnostics.get(client.uri(file)), undefined);
    await client.close(file);
  });

  it('judges an app against its own configuration: its buses are known', async () => {
    const summary = client.summary(ROOT).join('\n');
    assert.ok(!summary.includes('unknown-handler-bus'), summary);
    assert.ok(!summary.includes('missing-handler'), summary);
    assert.ok(!summary.includes(join('apps', 'web')), summary);
  });
});
