/**
 * tsconfig's include and exclude, matched with picomatch: the files listed, and the new files
 * admitted, are those TypeScript's own directory reading finds (the oracle here).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import ts from '../src/analysis/typescript.cjs';
import { listScan, scanMatcher } from '../src/analysis/project/tsconfigGlobs.js';
import { removeProject, tempProject } from './support/project.js';

const FILES = [
  'src/a.ts',
  'src/b.tsx',
  'src/types.d.ts',
  'src/.hidden/x.ts',
  'src/legacy/old.ts',
  'src/a.test.ts',
  'src/deep/er/y.mts',
  'src/notes.md',
  'lib/z.ts',
  'node_modules/pkg/index.ts',
  'src/node_modules/q.ts',
  'src/dist/k.ts',
];
const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.cts', '.d.cts', '.mts', '.d.mts'];

const CASES: ReadonlyArray<{ includes: string[]; excludes?: string[] }> = [
  { includes: ['src'] },
  { includes: ['src/**/*'], excludes: ['src/legacy'] },
  { includes: ['src/**/*.ts'], excludes: ['**/*.test.ts'] },
  { includes: ['src/*'] },
  { includes: ['**/*'], excludes: ['lib', 'node_modules'] },
  { includes: ['src', 'lib'], excludes: ['src/deep/**'] },
  { includes: ['src/.hidden'] },
  { includes: ['./src/**/a*.ts'] },
];

const dirs: string[] = [];
after(() => dirs.forEach(removeProject));

describe("tsconfig's include and exclude", () => {
  const root = tempProject(Object.fromEntries(FILES.map((file) => [file, '// x\n'])));
  dirs.push(root);
  for (const { includes, excludes } of CASES) {
    it(`include ${JSON.stringify(includes)}${excludes ? ` exclude ${JSON.stringify(excludes)}` : ''}: TypeScript's files`, () => {
      const scan = { root, extensions: EXTENSIONS, excludes, includes };
      const expected = ts.sys.readDirectory(root, EXTENSIONS, excludes, includes).sort();
      assert.deepEqual(listScan(scan), expected);
      // A new file is admitted exactly where the listing would have found it.
      const matches = scanMatcher(scan);
      assert.deepEqual(
        FILES.map((file) => join(root, file))
          .filter(matches)
          .sort(),
        expected,
      );
    });
  }
});
