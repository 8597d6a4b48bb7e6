/**
 * `npm run test:setup` decides what to install from PATH and the user id: tested here with
 * folders of stand-in commands, so the "absent" paths run without uninstalling anything.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEBIAN_REQUIREMENTS, installPlan, missingRequirements, which } from './setup/debianPackages.ts';
import { ROOT } from './support/fixtures.js';

const folders: string[] = [];
after(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A folder holding executable stand-ins for `commands` (and a non-executable `plain-file`). */
function binFolder(...commands: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'messenger-setup-'));
  folders.push(dir);
  for (const command of commands) {
    writeFileSync(join(dir, command), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, command), 0o755);
  }
  writeFileSync(join(dir, 'plain-file'), '');
  return dir;
}

/** The requirements found on PATH (the others are files, present or not on this machine). */
const ON_PATH = DEBIAN_REQUIREMENTS.filter((r) => !isAbsolute(r.command));
/** Every command of ON_PATH but `except`. */
const commandsBut = (...except: string[]): string[] =>
  ON_PATH.map((r) => r.command).filter((command) => !except.includes(command));

const packagesOf = (plan: ReturnType<typeof installPlan>): string[] =>
  plan.kind === 'apt-get'
    ? plan.commands.at(-1)!.slice(plan.commands.at(-1)!.indexOf('--no-install-recommends') + 1)
    : [];

describe('test:setup', () => {
  it('finds a command on PATH only as an executable file', () => {
    const dir = binFolder('nvim');
    assert.equal(which('nvim', `/nonexistent:${dir}`), join(dir, 'nvim'));
    assert.equal(which('plain-file', dir), undefined);
    assert.equal(which('nvim', ''), undefined);
  });

  it('names the Debian package of each command missing from PATH', () => {
    const path = binFolder(...commandsBut('nvim'));
    assert.deepEqual(
      missingRequirements(ON_PATH, path).map((r) => r.package),
      ['neovim'],
    );
    assert.deepEqual(missingRequirements(ON_PATH, binFolder(...commandsBut())), []);
  });

  it('installs with apt-get as root, through sudo otherwise, and says what to do by hand when it cannot', () => {
    const missing = missingRequirements(ON_PATH, binFolder());
    const asRoot = installPlan(missing, { uid: 0, path: binFolder('apt-get') });
    assert.equal(asRoot.kind, 'apt-get');
    assert.deepEqual(
      packagesOf(asRoot),
      ON_PATH.map((r) => r.package),
    );
    assert.ok(packagesOf(asRoot).includes('neovim'));
    assert.ok(asRoot.kind === 'apt-get' && asRoot.commands.every((c) => c[0] === 'env'));

    const viaSudo = installPlan(missing, { uid: 1000, path: binFolder('apt-get', 'sudo') });
    assert.ok(viaSudo.kind === 'apt-get' && viaSudo.commands.every((c) => c[0] === 'sudo'));
    assert.deepEqual(
      viaSudo.kind === 'apt-get' && viaSudo.commands.map((c) => c.includes('update') || c.includes('install')),
      [true, true],
    );

    const noSudo = installPlan(missing, { uid: 1000, path: binFolder('apt-get') });
    assert.deepEqual(noSudo, {
      kind: 'by hand',
      reason: `not root, and sudo is not available: install ${ON_PATH.map((r) => r.package).join(', ')} (Debian's names) yourself, then run the tests again.`,
    });
    assert.equal(installPlan(missing, { uid: 0, path: binFolder() }).kind, 'by hand');
    assert.deepEqual(installPlan([], { uid: 0, path: '' }), { kind: 'nothing' });
  });

  it('with a PATH without nvim, says it installs neovim (dry run) and where the VS Code tools go', () => {
    const path = binFolder(...commandsBut('nvim'), 'apt-get');
    symlinkSync(process.execPath, join(path, 'node'));
    const cache = mkdtempSync(join(tmpdir(), 'messenger-setup-cache-'));
    folders.push(cache);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/setup/main.ts', '--dry-run'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: path, MESSENGER_TS_CACHE: cache },
      timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.ok(
      lines.includes(
        `test:setup: chromium: ${join(path, 'chromium')} (test/vscode.test.ts drives code-server with it)`,
      ),
    );
    assert.ok(lines.some((l) => l.startsWith('test:setup: neovim: missing, no nvim on PATH')));
    assert.ok(
      lines.includes(
        'test:setup: would run: env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends neovim',
      ),
      run.stdout,
    );
    assert.equal(
      lines.at(-1),
      `test:setup: would install Node 24 and code-server into ${cache} (about 2.5 minutes, 630 MB)`,
    );
  });
});
