/**
 * Where the project's `messenger` CLI is: the `bin.messenger` script of the
 * @messenger-ts/runtime that Node would load from the project (its package.json is exported;
 * the bin script itself is not, so it is read from there). Looked for from the project
 * directory first, then the workspace folder (a monorepo may hoist node_modules).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PACKAGE = '@messenger-ts/runtime/package.json';

export function findRuntimeBin(fromDirs: readonly string[]): string | undefined {
  for (const dir of fromDirs) {
    let manifest: string;
    try {
      manifest = createRequire(join(dir, 'noop.js')).resolve(PACKAGE);
    } catch {
      continue;
    }
    const bin = binOf(JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: unknown });
    if (bin !== undefined) return join(dirname(manifest), bin);
  }
  return undefined;
}

function binOf(manifest: { bin?: unknown }): string | undefined {
  const { bin } = manifest;
  if (typeof bin === 'string') return bin;
  if (bin !== null && typeof bin === 'object' && typeof (bin as Record<string, unknown>)['messenger'] === 'string')
    return (bin as Record<string, string>)['messenger'];
  return undefined;
}
