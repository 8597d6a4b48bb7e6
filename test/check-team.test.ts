/**
 * `messenger check` for teams, through the CLI as CI runs it: SARIF and GitHub annotations,
 * --fail-on, `messenger-ignore-next-line` comments and the baseline. On copies of
 * test/fixtures/quick-fixes (3 errors of the YAML and the code, 2 warnings, 2 information… as listed below).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CheckJson } from '@messenger-ts/runtime/contract';
import { Workspace } from '@messenger-ts/server/analysis';
import { messenger, ROOT } from './support/fixtures.js';

const FIXTURE = join(ROOT, 'test/fixtures/quick-fixes');
const roots: string[] = [];

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'messenger-check-'));
  roots.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${file} has no "${from}"`);
  writeFileSync(file, text.replace(from, to));
}

function json(dir: string, args: string[] = []): CheckJson {
  const result = messenger(['check', '--format', 'json', ...args], dir);
  return JSON.parse(result.stdout) as CheckJson;
}

/** The errors only come from these lines; with them accepted, warnings and information are left. */
function ignoreErrors(dir: string): void {
  edit(
    join(dir, 'config/packages/messenger.yaml'),
    "            mail: '%env",
    "            # messenger-ignore-next-line env-not-found\n            mail: '%env",
  );
  edit(
    join(dir, 'config/packages/messenger.yaml'),
    "            'App\\Message\\SendReceipt'",
    "            # messenger-ignore-next-line unknown-transport\n            'App\\Message\\SendReceipt'",
  );
  edit(
    join(dir, 'src/Legacy/LegacyReceiptHandler.ts'),
    '@AsMessageHandler()',
    '// messenger-ignore-next-line missing-message-class\n@AsMessageHandler()',
  );
  edit(
    join(dir, 'src/MessageHandler/GetStockHandler.ts'),
    "@AsMessageHandler(GetStock, { bus: 'qeury.bus' })",
    "// messenger-ignore-next-line unknown-handler-bus, unrelated-code\n@AsMessageHandler(GetStock, { bus: 'qeury.bus' })",
  );
}

after(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

describe('messenger check for teams', () => {
  it('prints SARIF 2.1.0: a rule per code, a result per diagnostic at its region', () => {
    const dir = copy();
    const expected = json(dir).diagnostics;
    const result = messenger(['check', '--format', 'sarif'], dir);
    assert.equal(result.status, 1, result.stderr);
    const sarif = JSON.parse(result.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string }> } };
        results: Array<{
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: Array<{
            physicalLocation: {
              artifactLocation: { uri: string; uriBaseId: string };
              region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
            };
          }>;
        }>;
      }>;
    };
    assert.equal(sarif.version, '2.1.0');
    const [run] = sarif.runs;
    assert.equal(run!.tool.driver.name, 'messenger check');
    assert.equal(run!.results.length, expected.length);
    run!.results.forEach((r, i) => {
      const d = expected[i]!;
      assert.equal(run!.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
      assert.deepEqual(
        {
          ruleId: r.ruleId,
          level: r.level,
          message: r.message.text,
          uri: r.locations[0]!.physicalLocation.artifactLocation.uri,
          region: r.locations[0]!.physicalLocation.region,
        },
        {
          ruleId: d.code,
          level: { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[d.severity],
          message: d.message,
          uri: d.file,
          region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
        },
      );
    });
  });

  it('prints GitHub annotations, one workflow command per diagnostic', () => {
    const dir = copy();
    const expected = json(dir).diagnostics;
    const result = messenger(['check', '--format', 'github'], dir);
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, expected.length);
    lines.forEach((line, i) => {
      const d = expected[i]!;
      const command = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' }[d.severity];
      assert.equal(
        line,
        `::${command} file=${d.file},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=messenger ${d.code}::${d.message}`,
      );
    });
  });

  it('documents its exit codes: 1 for an error, 0 below --fail-on, 0 with --fail-on never, 1 for a usage error', () => {
    const dir = copy();
    assert.equal(messenger(['check'], dir).status, 1);
    assert.equal(messenger(['check', '--fail-on', 'never'], dir).status, 0);
    ignoreErrors(dir);
    const left = json(dir).diagnostics;
    assert.deepEqual(
      left.map((d) => `${d.severity} ${d.code}`),
      [
        'information unrouted-message',
        'warning missing-handler',
        'information unrouted-message',
        'warning unregistered-handler',
      ],
    );
    assert.equal(messenger(['check'], dir).status, 0);
    assert.equal(messenger(['check', '--fail-on', 'warning'], dir).status, 1);
    assert.equal(messenger(['check', '--fail-on', 'information'], dir).status, 1);
    const bad = messenger(['check', '--fail-on', 'fatal'], dir);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /The "fatal" severity is not supported: use error, warning, information, hint, never\./);
    const format = messenger(['check', '--format', 'xml'], dir);
    assert.match(format.stderr, /The "xml" format is not supported: use txt, json, sarif, github\./);
  });

  it('leaves out what a messenger-ignore-next-line comment accepts, for that code and line only', () => {
    const dir = copy();
    const before = json(dir).diagnostics;
    ignoreErrors(dir);
    const after = json(dir).diagnostics;
    assert.deepEqual(
      before.filter((d) => d.severity === 'error').map((d) => d.code),
      ['env-not-found', 'unknown-transport', 'missing-message-class', 'unknown-handler-bus'],
    );
    assert.equal(after.filter((d) => d.severity === 'error').length, 0);
    // A comment for another code accepts nothing.
    edit(
      join(dir, 'src/Controller/OrderController.ts'),
      '    await this.bus.dispatch(new PrintLabel',
      '    // messenger-ignore-next-line unknown-bus\n    await this.bus.dispatch(new PrintLabel',
    );
    assert.equal(json(dir).diagnostics.filter((d) => d.code === 'missing-handler').length, 1);
    // Without a code, it accepts every code of the line.
    edit(
      join(dir, 'src/Controller/OrderController.ts'),
      '// messenger-ignore-next-line unknown-bus',
      '// messenger-ignore-next-line',
    );
    assert.deepEqual(
      json(dir).diagnostics.map((d) => d.code),
      ['unrouted-message', 'unregistered-handler'],
    );
  });

  it('the language server honours the comments too (an unsaved buffer)', () => {
    const dir = copy();
    const workspace = new Workspace({ projectDir: dir });
    const file = join(dir, 'src/MessageHandler/GetStockHandler.ts');
    assert.ok(workspace.analyze().diagnostics.some((d) => d.code === 'unknown-handler-bus'));
    workspace.setOverlay(
      file,
      readFileSync(file, 'utf8').replace(
        '@AsMessageHandler(',
        '// messenger-ignore-next-line unknown-handler-bus\n@AsMessageHandler(',
      ),
    );
    assert.ok(!workspace.analyze().diagnostics.some((d) => d.code === 'unknown-handler-bus'));
    workspace.removeOverlay(file);
    assert.ok(workspace.analyze().diagnostics.some((d) => d.code === 'unknown-handler-bus'));
  });

  it('--generate-baseline accepts the current problems; then only new ones are reported and fail', () => {
    const dir = copy();
    const all = json(dir).diagnostics;
    const generated = messenger(['check', '--generate-baseline'], dir);
    assert.equal(generated.status, 0, generated.stderr);
    assert.equal(generated.stdout, `Baseline written to messenger-baseline.json: ${all.length} problem(s) accepted.\n`);
    const baseline = JSON.parse(readFileSync(join(dir, 'messenger-baseline.json'), 'utf8')) as {
      problems: Array<{ file: string; code: string; count: number }>;
    };
    assert.equal(
      baseline.problems.reduce((n, p) => n + p.count, 0),
      all.length,
    );
    assert.ok(
      baseline.problems.every((p) => !p.file.startsWith('/')),
      'paths are relative to the project',
    );

    const clean = messenger(['check'], dir);
    assert.equal(clean.status, 0, clean.stdout);
    assert.equal(clean.stdout, `No problems found (${all.length} known problem(s) in the baseline not shown).\n`);

    // Lines moved above a known problem: still known.
    edit(
      join(dir, 'src/Controller/OrderController.ts'),
      'export class OrderController {',
      '/** Moved down. */\n\nexport class OrderController {',
    );
    assert.equal(messenger(['check'], dir).status, 0);

    // A new problem is reported alone, and fails; the one it replaced is counted as fixed.
    edit(join(dir, 'src/MessageHandler/GetStockHandler.ts'), "'qeury.bus'", "'querry.bus'");
    const fresh = messenger(['check'], dir);
    assert.equal(fresh.status, 1);
    const lines = fresh.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, fresh.stdout);
    assert.match(
      lines[0]!,
      /^src\/MessageHandler\/GetStockHandler\.ts:4:36 error unknown-handler-bus Bus "querry\.bus"/,
    );
    assert.equal(
      lines[1],
      `1 error(s), 0 warning(s), 0 information (${all.length - 1} known problem(s) in the baseline not shown; 1 baseline problem(s) fixed since: regenerate it with --generate-baseline).`,
    );
    const asJson = json(dir);
    assert.deepEqual(
      asJson.diagnostics.map((d) => d.code),
      ['unknown-handler-bus'],
    );
  });

  it('reads a baseline named with --baseline, and refuses one it cannot use (exit 2, not 1)', () => {
    const dir = copy();
    const file = join(dir, 'accepted.json');
    assert.equal(messenger(['check', '--generate-baseline', 'accepted.json'], dir).status, 0);
    assert.ok(existsSync(file));
    assert.ok(!existsSync(join(dir, 'messenger-baseline.json')));
    assert.equal(messenger(['check'], dir).status, 1, 'no default baseline: every problem counts');
    assert.equal(messenger(['check', '--baseline', 'accepted.json'], dir).status, 0);
    writeFileSync(file, '{ not json');
    const broken = messenger(['check', '--baseline', 'accepted.json'], dir);
    assert.equal(broken.status, 2);
    assert.match(broken.stdout, /^Baseline file .*accepted\.json is not valid JSON: /);
    const missing = messenger(['check', '--baseline', 'nowhere.json', '--format', 'json'], dir);
    assert.equal(missing.status, 2);
    assert.match(JSON.parse(missing.stdout).error.message, /^Baseline file not found: .*nowhere\.json$/);
  });
});
