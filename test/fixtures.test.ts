/**
 * The static analysis against the fixture projects: the exact diagnostics (codes, severities,
 * ranges, messages), and agreement with the runtime: the bus → message → handler table the
 * model computes is what `messenger debug` prints from the running app, and for a project the
 * runtime refuses, it refuses it for the same problems, at the same places.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applicationProblems } from '../server/src/analysis/diagnostics/config.js';
import { type AnalysisResult, diagnosticsToJson, staticHandlerMapping, Workspace } from '@messenger-ts/server/analysis';
import { expectedDiagnostics, FIXTURES, messenger } from './support/fixtures.js';
import { type DebugJson, JSON_FORMAT_VERSION } from '@messenger-ts/runtime';

// Runtime config problems keep the runtime's wording, which grows with each transport it adds:
// for them the test pins code, severity and range, and the analysis' own codes are pinned word for word.
const RUNTIME_WORDING = new Set([
  'yaml-syntax',
  'unreadable-file',
  'unknown-key',
  'invalid-value',
  'missing-value',
  'unknown-transport',
  'unknown-bus',
  'invalid-dsn',
  'unknown-dsn-scheme',
  'transport-not-available',
  'unknown-transport-option',
  'env-not-found',
  'invalid-placeholder',
  'invalid-retry-strategy',
  'unknown-service',
]);

function comparable(diagnostic: { message: string; code: string }): unknown {
  return RUNTIME_WORDING.has(diagnostic.code) ? { ...diagnostic, message: '(runtime wording)' } : diagnostic;
}

function analyze(dir: string): AnalysisResult {
  return new Workspace({ projectDir: dir }).analyze();
}

const where = (p: { code: string; location: { file: string; line: number; column: number } }): string =>
  `${p.code} ${p.location.file}:${p.location.line}:${p.location.column}`;

describe('fixture projects', () => {
  for (const fixture of FIXTURES) {
    describe(fixture.name, () => {
      const result = analyze(fixture.dir);

      it('has exactly the expected diagnostics', () => {
        const actual = (
          diagnosticsToJson(result.diagnostics, fixture.dir) as {
            readonly diagnostics: ReadonlyArray<{ message: string; code: string }>;
          }
        ).diagnostics;
        const expected = expectedDiagnostics(fixture.expected, result, fixture.dir);
        assert.deepEqual(actual.map(comparable), expected.map(comparable));
      });

      if (fixture.boots) {
        it('agrees with `messenger debug` on every bus, message and handler', () => {
          const debug = messenger(['debug', '--format', 'json'], fixture.dir);
          assert.equal(debug.status, 0, debug.stdout + debug.stderr);
          const { version, ...mapping } = JSON.parse(debug.stdout) as DebugJson;
          assert.equal(version, JSON_FORMAT_VERSION);
          assert.deepEqual(staticHandlerMapping(result.model), mapping);
        });
      } else {
        it('is refused by the runtime for the same problems, at the same places', () => {
          const debug = messenger(['debug', '--format', 'json'], fixture.dir);
          assert.equal(debug.status, 1, debug.stdout + debug.stderr);
          const refused =
            (
              JSON.parse(debug.stdout) as {
                error: { problems?: Array<{ code: string; location: { file: string; line: number; column: number } }> };
              }
            ).error.problems ?? [];
          // The runtime stops at the first stage that fails: the YAML, else createMessenger()'s own checks.
          const readErrors = result.model.configResult.problems.filter((p) => p.severity === 'error');
          const stage =
            readErrors.length > 0
              ? readErrors.map(where)
              : applicationProblems(result.model).map(
                  (d) => `${d.code} ${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`,
                );
          assert.ok(refused.length > 0);
          assert.deepEqual(refused.map(where).sort(), stage.sort());
        });
      }
    });
  }

  it('finds nothing wrong with the clean project', () => {
    assert.deepEqual(analyze(FIXTURES[0].dir).diagnostics, []);
  });

  it('covers every diagnostic code of the analysis in the all-diagnostics fixture', () => {
    const codes = new Set<string>(analyze(FIXTURES[2].dir).diagnostics.map((d) => d.code));
    const expectedCodes = [
      'unrouted-message',
      'non-serializable-payload',
      'missing-handler',
      'unreachable-handler',
      'ambiguous-query-handlers',
      'missing-message-class',
      'unregistered-handler',
      'invalid-handler-entry',
      'unknown-handler-method',
      'handles-mismatch',
      'unknown-handler-bus',
      'duplicate-message-name',
      'unknown-transport',
      'unknown-message-class',
      'ambiguous-message-class',
      'unknown-bus',
      'invalid-dsn',
      'unknown-dsn-scheme',
      'unknown-transport-option',
      'env-not-found',
      'invalid-retry-strategy',
      'unknown-key',
      'unknown-service',
    ];
    assert.deepEqual(
      expectedCodes.filter((code) => !codes.has(code)),
      [],
    );
  });

  it('never shows DSN credentials, in diagnostics or in the model', () => {
    const result = analyze(FIXTURES[2].dir);
    const text = JSON.stringify(result.diagnostics) + JSON.stringify(result.projectModel());
    assert.ok(text.includes('shipping:****@broker.internal'));
    assert.ok(!text.includes('s3cr3t-pa55'));
  });
});
