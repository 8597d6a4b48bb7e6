/** Defect 4: one meaningful badge. VS Code adds up the badges of a container's views: only the failed view sets one. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const views = join(__dirname, '..', '..', 'src', 'views');

test('defect 4: only the Failed Messages view sets a badge', () => {
  for (const file of ['mapView.ts', 'workersView.ts', 'throughputView.ts'])
    assert.doesNotMatch(readFileSync(join(views, file), 'utf8'), /\.badge\s*=/, `${file} sets a badge`);
  assert.match(readFileSync(join(views, 'failedView.ts'), 'utf8'), /view\.badge\s*=/);
});
