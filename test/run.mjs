// Runs every test of the repository with node:test: `*.test.ts` under runtime/test, server/test,
// client/test (each package's unit tests) and test/ (cross-package tests). TypeScript runs
// through tsx, with the `source` export condition so packages import each other's sources.
// Arguments narrow the run: `npm test -- serialization` runs files whose path contains it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SKIP = new Set(['node_modules', 'dist', 'out', 'fixtures', '.tmp', 'bench', 'vscode-suite']);

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : walk(join(dir, entry.name));
    return /\.test\.(ts|mjs)$/.test(entry.name) ? [join(dir, entry.name)] : [];
  });
}

const filters = process.argv.slice(2);
const files = ['runtime/test', 'server/test', 'client/test', 'test']
  .flatMap((dir) => walk(join(root, dir)))
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

if (files.length === 0) {
  console.error(`No test files match ${filters.join(', ')}.`);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
