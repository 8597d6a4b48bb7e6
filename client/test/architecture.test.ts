/**
 * The extension's process logic stays in plain modules that unit tests load without VS Code;
 * only the thin layer in the folders below may import `vscode`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const SRC = resolve(__filename, '..', '..', 'src');
const VSCODE_LAYER = [
  'extension.ts',
  'activation/',
  'commands/',
  'languageClient/startLanguageClient.ts',
  'output/',
  'settings/',
  'statusBar/statusBar.ts',
  'views/',
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('only the vscode layer imports vscode', () => {
  const offenders = files(SRC)
    .map((file) => relative(SRC, file))
    .filter((file) => !VSCODE_LAYER.some((allowed) => file === allowed || file.startsWith(allowed)))
    .filter((file) => /from ['"]vscode(-languageclient[^'"]*)?['"]/.test(readFileSync(join(SRC, file), 'utf8')));
  assert.deepEqual(offenders, []);
});

test('source files stay small', () => {
  const large = files(SRC)
    .filter((file) => readFileSync(file, 'utf8').split('\n').length > 300)
    .map((file) => relative(SRC, file));
  assert.deepEqual(large, []);
});

test('the extension reaches the runtime only through its tool subpaths (contract, layout), never its application API', () => {
  // The application API registers stamps and loads the YAML parser: none of it belongs in the extension bundle.
  const imports = files(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/from ['"](@messenger-ts\/runtime[^'"]*)['"]/g)].map((m) => m[1]!),
  );
  assert.ok(imports.length > 0);
  assert.deepEqual(
    [...new Set(imports)].filter((specifier) => !/^@messenger-ts\/runtime\/(contract|layout)$/.test(specifier)),
    [],
  );
});
