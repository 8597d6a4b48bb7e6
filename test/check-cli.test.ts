/** `messenger check` through the runtime's CLI, as a user's CI runs it. */
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import type { CheckJson, JsonError } from '@messenger-ts/runtime/contract';
import { FIXTURES, messenger, ROOT } from './support/fixtures.js';

describe('messenger check (CLI)', () => {
  it('exits 0 on a clean project and says there is nothing to report', () => {
    const result = messenger(['check', relative(ROOT, FIXTURES[0].dir)], ROOT);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'No problems found.\n');
  });

  it('exits 1 and prints one line per diagnostic, relative to the working directory', () => {
    const result = messenger(['check', 'test/fixtures/all-diagnostics'], ROOT);
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines.at(-1)!, /^\d+ error\(s\), \d+ warning\(s\), \d+ information\.$/);
    for (const line of lines.slice(0, -1))
      assert.match(line, /^test\/fixtures\/all-diagnostics\/\S+:\d+:\d+ (error|warning|information|hint) [a-z-]+ \S/);
    assert.ok(
      lines.some((l) =>
        l.startsWith(
          'test/fixtures/all-diagnostics/src/MessageHandler/ShipOrderHandler.ts:7:21 error handles-mismatch ',
        ),
      ),
    );
    assert.ok(!result.stdout.includes('s3cr3t'), 'DSN credentials are masked');
  });

  it('prints JSON with --format json', () => {
    const result = messenger(['check', '.', '--format', 'json'], FIXTURES[3].dir);
    assert.equal(result.status, 1, result.stderr);
    const json = JSON.parse(result.stdout) as CheckJson;
    assert.equal(json.version, 1);
    assert.equal(json.summary.error, 6);
    assert.deepEqual([...new Set(json.diagnostics.map((d) => d.code))].sort(), [
      'unknown-message-class',
      'unknown-service',
    ]);
    assert.ok(json.diagnostics.every((d) => d.file === 'config/packages/messenger.yaml'));
  });

  it('prints a JsonError, on one line, when there is no project to check', () => {
    const result = messenger(['check', 'no/such/dir', '--format', 'json'], ROOT);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stdout.trimEnd().split('\n').length, 1);
    const json = JSON.parse(result.stdout) as JsonError;
    assert.deepEqual(
      { version: json.version, class: json.error.class },
      { version: 1, class: 'InvalidArgumentException' },
    );
    assert.match(json.error.message, /^No such project directory: .*no\/such\/dir$/);
  });
});
