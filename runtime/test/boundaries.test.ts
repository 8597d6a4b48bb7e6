import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';

const src = join(import.meta.dirname, '../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

it('the runtime never imports the analysis or ts-morph, so a production worker never loads them', () => {
  const offenders = sources(src).filter((file) =>
    /from ['"](ts-morph|typescript|@messenger-ts\/server)|import\(['"](ts-morph|@messenger-ts\/server)/.test(
      readFileSync(file, 'utf8'),
    ),
  );
  assert.deepEqual(
    offenders.map((f) => relative(src, f)),
    [],
  );
  // `messenger check` reaches the analysis through a dynamic import of a variable, on demand only.
  assert.match(readFileSync(join(src, 'cli/commands/check.ts'), 'utf8'), /await import\(ANALYSIS_MODULE\)/);
});

it('database drivers are imported only when a transport is created', () => {
  const eager = sources(src).filter((file) =>
    /^import (?!type )[^;]*from ['"](better-sqlite3|pg|ioredis|amqplib)['"]/m.test(readFileSync(file, 'utf8')),
  );
  assert.deepEqual(
    eager.map((f) => relative(src, f)),
    [],
  );
});
