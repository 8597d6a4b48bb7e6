import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnosticsToJson, type AnalysisResult } from '@messenger-ts/server/analysis';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MESSENGER_BIN = join(ROOT, 'runtime', 'bin', 'messenger.js');

/** Fixture projects: each has its expected diagnostics next to it (the example app's live under test/fixtures/example-app-expected/). */
export const FIXTURES = [
  {
    name: 'clean',
    dir: join(ROOT, 'test/fixtures/clean'),
    expected: join(ROOT, 'test/fixtures/clean/expected-diagnostics.json'),
    boots: true,
  },
  {
    name: 'example app',
    dir: join(ROOT, 'examples/app'),
    expected: join(ROOT, 'test/fixtures/example-app-expected/expected-diagnostics.json'),
    boots: true,
  },
  {
    name: 'all-diagnostics',
    dir: join(ROOT, 'test/fixtures/all-diagnostics'),
    expected: join(ROOT, 'test/fixtures/all-diagnostics/expected-diagnostics.json'),
    boots: false,
  },
  {
    name: 'app-errors',
    dir: join(ROOT, 'test/fixtures/app-errors'),
    expected: join(ROOT, 'test/fixtures/app-errors/expected-diagnostics.json'),
    boots: false,
  },
  {
    name: 'custom-app',
    dir: join(ROOT, 'test/fixtures/custom-app'),
    expected: join(ROOT, 'test/fixtures/custom-app/expected-diagnostics.json'),
    boots: true,
  },
] as const;

export interface ExpectedDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/**
 * The fixture's diagnostics in `messenger check --format json` shape. With UPDATE_EXPECTED=1
 * the file is rewritten from the analysis (then review the diff by hand).
 */
export function expectedDiagnostics(path: string, result: AnalysisResult, base: string): ExpectedDiagnostic[] {
  if (process.env['UPDATE_EXPECTED'] === '1' || !existsSync(path)) {
    writeFileSync(path, `${JSON.stringify(diagnosticsToJson(result.diagnostics, base), null, 2)}\n`);
  }
  return (JSON.parse(readFileSync(path, 'utf8')) as { diagnostics: ExpectedDiagnostic[] }).diagnostics;
}

/** `messenger <args>` run as a user would, in `cwd`. */
export function messenger(
  args: readonly string[],
  cwd: string,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [MESSENGER_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, APP_ENV: '', NO_COLOR: '1' },
    timeout: 60_000,
  });
  if (result.error) throw new Error(`messenger ${args.join(' ')} did not finish: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
