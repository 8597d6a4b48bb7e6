/**
 * The extension's integration suite (client/test/vscode-suite/) in a real VS Code: code-server
 * on Node 24 driven by Debian's Chromium (client/test/harness/). It runs twice: on client/ in
 * development mode, and on the packaged .vsix installed as a user would install it (which
 * proves the bundles carry everything they need). A third, short run opens the workspace
 * untrusted (restricted mode) for the restricted-mode suite. Each extension-host test shows up as a
 * subtest, so node:test's summary counts them. Nothing is skipped: if code-server or Chromium
 * cannot start, the test fails and says why.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { runVsCodeSuite, type SuiteRunOptions } from '../client/test/harness/runVsCodeSuite.ts';

const packageDir = mkdtempSync(join(tmpdir(), 'messenger-ts-vsix-'));
const vsix = join(packageDir, 'messenger-ts-vscode.vsix');

before(() => {
  // The release build replaces client/dist, so package first, then build for development.
  execFileSync(process.execPath, ['client/scripts/package.mjs', '--out', vsix], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, VSCE_QUIET: '1' },
  });
  execFileSync(process.execPath, ['client/scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
});

after(() => rmSync(packageDir, { recursive: true, force: true }));

async function suite(t: TestContext, options: SuiteRunOptions): Promise<void> {
  const report = await runVsCodeSuite({ ...options, log: (line) => console.log(line) });
  const { toolsMs, codeServerMs, suiteMs, totalMs } = report.timings;
  t.diagnostic(`tools ${toolsMs} ms, code-server start ${codeServerMs} ms, suite ${suiteMs} ms, total ${totalMs} ms`);
  assert.ok(
    report.result,
    `the suite never reported its results (exit code ${report.exitCode}):\n${report.output.slice(-5000)}`,
  );
  for (const passed of report.result.passed) await t.test(passed.title, () => {});
  for (const failed of report.result.failed) {
    await t.test(failed.title, () => {
      assert.fail(failed.error);
    });
  }
  assert.ok(report.result.passed.length + report.result.failed.length > 0, 'the suite ran no test');
  assert.equal(report.exitCode, 0, 'the extension host exited with a failure');
}

test('VS Code extension host, client/ in development (code-server + Chromium)', { timeout: 300_000 }, (t) =>
  suite(t, {}),
);

test('VS Code extension host, the packaged .vsix installed (code-server + Chromium)', { timeout: 300_000 }, (t) =>
  suite(t, { vsix }),
);

test(
  'VS Code extension host, restricted mode: an untrusted workspace (code-server + Chromium)',
  { timeout: 300_000 },
  (t) => suite(t, { restricted: true }),
);
