import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';

const root = join(import.meta.dirname, '../..');

it('TypeScript rejects a handler whose parameter cannot take the decorated message class', () => {
  // Each rejected case carries @ts-expect-error: tsc fails if one compiles, or if an accepted case does not.
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'runtime/test/types/tsconfig.json')],
    { encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(result.error, undefined, 'tsc did not finish within 2 minutes');
  assert.equal(result.stdout + result.stderr, '');
  assert.equal(result.status, 0);
});
