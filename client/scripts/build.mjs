#!/usr/bin/env node
/**
 * Bundles the extension with esbuild (tsc -b only type-checks):
 *   dist/extension.js     the extension (cjs, `vscode` external)
 *   dist/languageClient.js  vscode-languageclient and its setup, loaded after activation
 *   dist/server.js        the language server, from server/src/main.ts (cjs, platform node)
 *   dist/test/index.js    the extension-host test suite (mocha stays external)
 *   dist/media/throughputView.js  the Throughput webview's script, with Chart.js (for the browser)
 *   dist/syntaxes/        the TextMate grammars of ../syntaxes
 * Options: --watch rebuilds on change; --minify minifies; --release minifies and leaves the
 * test suite out.
 */
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const client = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(client);
const dist = join(client, 'dist');
const watch = process.argv.includes('--watch');
const release = process.argv.includes('--release');
const minify = release || process.argv.includes('--minify');

const serverEntry = join(root, 'server', 'src', 'main.ts');
if (!existsSync(serverEntry)) {
  console.error('build: server/src/main.ts (the language server) is missing.');
  process.exit(1);
}

/** Bundling ESM sources into CommonJS: `import.meta.url` has no value there, so give it one. */
const importMetaUrlShim = {
  define: { 'import.meta.url': '__messengerImportMetaUrl' },
  banner: { js: 'var __messengerImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Workspace packages are bundled from their TypeScript sources: no `tsc -b` needed first.
  conditions: ['source'],
  sourcemap: release ? false : 'linked',
  minify,
  logLevel: 'warning',
  absWorkingDir: root,
};

/** @type {esbuild.BuildOptions[]} */
const bundles = [
  {
    ...common,
    entryPoints: [join(client, 'src', 'extension.ts')],
    outfile: join(dist, 'extension.js'),
    external: ['vscode'],
    // Timestamps around the bundle's evaluation: activation time counts loading our code (see activationTiming.ts).
    banner: { js: 'globalThis.__messengerBundleStart = performance.now();' },
    footer: { js: 'globalThis.__messengerBundleEnd = performance.now();' },
  },
  {
    ...common,
    entryPoints: [join(client, 'src', 'languageClient', 'startLanguageClient.ts')],
    outfile: join(dist, 'languageClient.js'),
    external: ['vscode'],
  },
  {
    ...common,
    ...importMetaUrlShim,
    entryPoints: [serverEntry],
    outfile: join(dist, 'server.js'),
    // Transport drivers load lazily inside createTransport; the server never creates transports,
    // and better-sqlite3 is a native module that cannot be bundled.
    external: ['better-sqlite3', 'pg', 'pg-native', 'ioredis', 'amqplib', 'tsx', 'tsx/*'],
  },
  {
    // Runs in the webview: a browser bundle, Chart.js included (the CSP allows no other script).
    entryPoints: [join(client, 'media', 'throughputView.js')],
    outfile: join(dist, 'media', 'throughputView.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify,
    sourcemap: release ? false : 'linked',
    logLevel: 'warning',
    absWorkingDir: root,
  },
  ...(release
    ? []
    : [
        {
          ...common,
          entryPoints: [join(client, 'test', 'vscode-suite', 'index.ts')],
          outfile: join(dist, 'test', 'index.js'),
          external: ['vscode', 'mocha'],
        },
      ]),
];

function copyGrammars() {
  const from = join(root, 'syntaxes');
  const to = join(dist, 'syntaxes');
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from).filter((f) => f.endsWith('.tmLanguage.json')))
    cpSync(join(from, file), join(to, file));
}

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
copyGrammars();
if (watch) {
  const grammarPlugin = { name: 'grammars', setup: (build) => build.onEnd(copyGrammars) };
  for (const options of bundles) {
    const context = await esbuild.context({ ...options, plugins: [grammarPlugin] });
    await context.watch();
  }
  console.log('build: watching client/src and the server; syntaxes/ is copied again on each rebuild (Ctrl+C to stop)');
} else {
  await Promise.all(bundles.map((options) => esbuild.build(options)));
  console.log(`build: client/dist in ${Date.now() - started} ms${release ? ' (release)' : ''}`);
}
