import { resolve } from 'node:path';
import type { Command } from 'commander';
import { RuntimeException } from '../../errors/MessengerException.js';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import { runCommand } from '../runCommand.js';

/** What @messenger-ts/server/analysis provides for `messenger check`. */
export interface CheckCommandModule {
  runCheckCommand(options: {
    dir: string;
    format: OutputFormat;
    env?: string;
    ansi?: boolean;
    out?: NodeJS.WritableStream;
  }): Promise<number>;
}

// A variable, so the runtime's build does not depend on the analysis package.
const ANALYSIS_MODULE = '@messenger-ts/server/analysis';

/**
 * `messenger check [dir]`: the static analysis as a CI step. It lives in the language
 * server's package (it needs ts-morph), so the runtime, and every production worker, stays
 * free of it; the command loads it only when asked.
 */
export function registerCheckCommand(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description(
      'Check messages, handlers, routing and messenger.yaml without running the app; exits non-zero on errors',
    )
    .argument('[dir]', 'the project directory', '.')
    .option('--format <format>', 'txt or json', parseFormat, 'txt')
    .action(
      runCommand(context, async (dir: string, options: { format: OutputFormat }) => {
        const globals = program.opts<{ env?: string; ansi?: boolean }>();
        const analysis = await loadAnalysis();
        return analysis.runCheckCommand({
          dir: resolve(context.cwd, dir),
          format: options.format,
          env: globals.env,
          ansi: globals.ansi,
          out: context.stdout,
        });
      }),
    );
}

async function loadAnalysis(): Promise<CheckCommandModule> {
  try {
    return (await import(ANALYSIS_MODULE)) as CheckCommandModule;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new RuntimeException(
      `messenger check needs the static analysis package: npm install --save-dev ${ANALYSIS_MODULE.split('/analysis')[0]}`,
    );
  }
}
