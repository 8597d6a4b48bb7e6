#!/usr/bin/env node
// Launcher for the compiled language server (it speaks LSP over stdio). It lives outside dist/
// so that npm can link the command at install time, before the first build.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    'messenger-language-server: the server is not built yet. Run `npm run build` in the repository (or reinstall the package).',
  );
  process.exit(1);
}
await import(main.href);
