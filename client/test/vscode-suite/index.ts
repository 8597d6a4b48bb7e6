/**
 * The extension-host test suite: VS Code (code-server here, or @vscode/test-electron) loads
 * this module from `extensionTestsPath` and calls run(). Mocha runs the tdd suites below with
 * the real `vscode` API. Besides the spec output, a last line `MESSENGER_SUITE_RESULT {json}`
 * lists every test's outcome so the node:test wrapper (test/vscode.test.ts) can report each.
 */
import Mocha from 'mocha';
import { format } from 'node:util';
import { activationTests } from './activation.test';
import { diagnosticsTests } from './diagnostics.test';
import { editorTests } from './editor.test';
import { failedTests } from './failed.test';
import { liveTests } from './live.test';
import { liveCost } from './liveCost';
import { mapTests } from './map.test';
import { quickFixScreenshot, quickFixTests } from './quickFix.test';
import { restrictedTests } from './restricted.test';
import { workersTests } from './workers.test';
import { readmeScreenshots, screenshotDir } from './screenshots';
import { OUTPUT_MARKER, RESULT_MARKER, type SuiteResult } from './suiteProtocol';

export function run(): Promise<void> {
  // In code-server the workbench relays every extension-host log line; the marker tells the harness which are ours.
  // Each line is marked: a failure's stack spans several lines.
  if (process.env['MESSENGER_SUITE_MARKERS'] === '1')
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) =>
      format(...args)
        .split('\n')
        .forEach((line) => console.log(`${OUTPUT_MARKER}${line}`));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env['MESSENGER_SUITE_GREP']) mocha.grep(process.env['MESSENGER_SUITE_GREP']);
  // The suites are bundled functions, not files: expose mocha's globals, then declare them.
  mocha.suite.emit('pre-require', globalThis, 'vscode-suite', mocha);
  if (screenshotDir() !== undefined) {
    // The README's pictures are taken on the example app, where the tests' fixture expectations do not hold.
    readmeScreenshots();
    quickFixScreenshot();
  } else if (process.env['MESSENGER_SUITE_KIND'] === 'live-cost') {
    // `npm run bench`: the cost of keeping the views live, measured rather than tested.
    liveCost();
  } else if (process.env['MESSENGER_SUITE_KIND'] === 'restricted') {
    // A run of its own: the workspace is untrusted for the whole window.
    restrictedTests();
  } else {
    activationTests();
    diagnosticsTests();
    editorTests();
    mapTests();
    workersTests();
    failedTests();
    liveTests();
    quickFixTests();
  }

  return new Promise((resolve, reject) => {
    const result: SuiteResult = { passed: [], failed: [] };
    const runner = mocha.run((failures) => {
      console.log(`${RESULT_MARKER} ${JSON.stringify(result)}`);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed.`));
      else resolve();
    });
    runner.on('pass', (test) => result.passed.push({ title: test.fullTitle(), durationMs: test.duration ?? 0 }));
    runner.on('fail', (test, error: Error) =>
      result.failed.push({ title: test.fullTitle(), error: String(error.stack ?? error.message) }),
    );
  });
}
