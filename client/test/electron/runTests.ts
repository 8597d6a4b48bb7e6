/**
 * The same extension-host suite (client/test/vscode-suite/) under @vscode/test-electron, for
 * machines with internet access, as VS Code extension authors expect: it downloads VS Code
 * (the minimum engine this extension supports, then stable, as rust-analyzer does) and runs
 * the suite in it. It cannot run on the project's own machines, which reach no download
 * server; there, `npm test` runs the suite in code-server (client/test/harness/).
 *
 *   npm run test:electron -w client                 # 1.91.0 and stable
 *   VSCODE_VERSIONS=insiders npm run test:electron -w client
 * On Linux without a display: xvfb-run -a npm run test:electron -w client
 */
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT_DIR, copyWorkspace, FIXTURE_WORKSPACE } from '../harness/runVsCodeSuite';

const MINIMUM_ENGINE = '1.91.0';

async function main(): Promise<number> {
  const versions = (process.env['VSCODE_VERSIONS'] ?? `${MINIMUM_ENGINE},stable`)
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  let failures = 0;
  for (const version of versions) {
    const runDir = mkdtempSync(join(tmpdir(), 'messenger-ts-electron-'));
    try {
      const workspace = copyWorkspace(FIXTURE_WORKSPACE, join(runDir, 'workspace'));
      console.log(`\n# VS Code ${version}`);
      const code = await runTests({
        version,
        extensionDevelopmentPath: CLIENT_DIR,
        extensionTestsPath: join(CLIENT_DIR, 'dist', 'test'),
        launchArgs: [
          workspace,
          '--disable-extensions',
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          `--user-data-dir=${join(runDir, 'user-data')}`,
        ],
        extensionTestsEnv: {
          MESSENGER_SUITE_GREP: process.env['MESSENGER_SUITE_GREP'] ?? '',
          MESSENGER_EXTENSION_TESTS: '1',
        },
      });
      if (code !== 0) failures++;
    } catch (error) {
      console.error(`VS Code ${version}: ${error instanceof Error ? error.message : String(error)}`);
      failures++;
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
