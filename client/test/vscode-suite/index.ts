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
import { takeReadmeScreenshots } from './screenshots';
import { OUTPUT_MARKER, RESULT_MARKER, type SuiteResult } from './suiteProtocol';

export function run(): Promise<void> {
  // In code-server the workbench relays every extension-host log line; the marker tells the harness which are ours.
  if (process.env['MESSENGER_SUITE_MARKERS'] === '1') Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(`${OUTPUT_MARKER}${format(...args)}`);
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (process.env['MESSENGER_SUITE_GREP']) mocha.grep(process.env['MESSENGER_SUITE_GREP']);
  // The suites are bundled functions, not files: expose mocha's globals, then declare them.
  mocha.suite.emit('pre-require', globalThis, 'vscode-suite', mocha);
  activationTests();
  diagnosticsTests();

  return new Promise((resolve, reject) => {
    const result: SuiteResult = { passed: [], failed: [] };
    const runner = mocha.run((failures) => {
      console.log(`${RESULT_MARKER} ${JSON.stringify(result)}`);
      takeReadmeScreenshots().then(() => {
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed.`));
        else resolve();
      }, reject);
    });
    runner.on('pass', (test) => result.passed.push({ title: test.fullTitle(), durationMs: test.duration ?? 0 }));
    runner.on('fail', (test, error: Error) => result.failed.push({ title: test.fullTitle(), error: String(error.stack ?? error.message) }));
  });
}
