#!/usr/bin/env node
/**
 * `npm run package`: a release build (minified, the real language server, no test suite),
 * then the .vsix with @vscode/vsce. Bundles carry every dependency, so vsce packs no
 * node_modules (--no-dependencies) and needs no network; nothing is signed.
 *   node client/scripts/package.mjs [--out <file.vsix>]   (default: messenger-ts-vscode.vsix at the repository root)
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const client = dirname(dirname(fileURLToPath(import.meta.url)));
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex === -1 ? join(client, '..', 'messenger-ts-vscode.vsix') : process.argv[outIndex + 1]);
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');

execFileSync(process.execPath, [join(client, 'scripts', 'build.mjs'), '--release'], { stdio: 'inherit' });
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
  cwd: client,
  stdio: ['ignore', process.env.VSCE_QUIET ? 'ignore' : 'inherit', 'inherit'],
});
console.log(`package: ${out}`);
