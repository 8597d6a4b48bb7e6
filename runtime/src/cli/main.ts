#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import '../index.js';
import { CommandContext, type GlobalOptions } from './CommandContext.js';
import { registerCheckCommand } from './commands/check.js';
import { registerDebugCommand } from './commands/debug.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('messenger')
  .description('Symfony Messenger for TypeScript: inspect buses, run workers, repair failed messages.')
  .version(version, '-V, --version')
  .option('--app <file>', 'the module whose default export is your Messenger (default: src/messenger.ts)')
  .option('-e, --env <env>', 'the environment (APP_ENV): selects config/packages/<env>/ and .env.<env>')
  .option('--ansi', 'force colors')
  .option('--no-ansi', 'disable colors')
  .option('-v, --verbose', 'more output (-vv, -vvv for even more)')
  .showHelpAfterError()
  .enablePositionalOptions(false);

const context = new CommandContext(process.cwd(), () => program.opts<GlobalOptions>());
registerDebugCommand(program, context);
registerCheckCommand(program, context);

await program.parseAsync(process.argv);
