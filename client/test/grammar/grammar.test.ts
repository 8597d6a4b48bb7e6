/**
 * Snapshot tests of the messenger.yaml injection grammar (syntaxes/): each fixture in
 * syntaxes/test/*.yaml is tokenized with VS Code's YAML grammar plus ours and compared with
 * the `.snap` next to it. After an intended change: UPDATE_SNAPSHOTS=1 npm test -- grammar.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderSnapshot, SYNTAXES_DIR, tokenizeYaml } from './tokenize';

const FIXTURES = join(SYNTAXES_DIR, 'test');
const update = process.env['UPDATE_SNAPSHOTS'] === '1';

test('the committed grammar JSON is what syntaxes/messenger-yaml.injection.mjs generates', () => {
  const result = spawnSync(process.execPath, [join(SYNTAXES_DIR, 'messenger-yaml.injection.mjs'), '--check'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.error?.message ?? result.stderr);
});

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

test('there are grammar fixtures', () => {
  assert.ok(fixtures.length >= 5, `found ${fixtures.length}`);
});

for (const fixture of fixtures) {
  test(`grammar snapshot: ${fixture}`, async () => {
    const source = readFileSync(join(FIXTURES, fixture), 'utf8');
    const actual = renderSnapshot(source, await tokenizeYaml(source));
    const snapshotFile = join(FIXTURES, `${fixture}.snap`);
    if (update || !existsSync(snapshotFile)) {
      writeFileSync(snapshotFile, actual);
      if (!update) assert.fail(`wrote the missing snapshot ${snapshotFile}: review it, then run the tests again`);
      return;
    }
    assert.equal(actual, readFileSync(snapshotFile, 'utf8'), `${fixture} tokenizes differently from ${fixture}.snap`);
  });
}

test('a DSN password is scoped as a password, so themes and tests can find it', async () => {
  const [, line] = await tokenizeYaml("x:\n  a: 'amqp://guest:hunter2@localhost:5672/%2f'");
  const password = line?.find((t) => t.text === 'hunter2');
  assert.ok(password?.scopes.includes('variable.other.dsn.password.messenger'), JSON.stringify(line));
});
