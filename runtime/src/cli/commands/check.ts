import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { RuntimeException } from '../../errors/MessengerException.js';
import type { CommandContext } from '../CommandContext.js';
import { runCommand } from '../runCommand.js';

/** What @messenger-ts/server/analysis provides for `messenger check`. */
export interface CheckCommandModule {
  runCheckCommand(options: {
    dir: string;
    format: CheckFormat;
    env?: string;
    ansi?: boolean;
    failOn?: FailOn;
    baseline?: string;
    generateBaseline?: string | boolean;
    out?: NodeJS.WritableStream;
  }): Promise<number>;
}

const FORMATS = ['txt', 'json', 'sarif', 'github'] as const;
type CheckFormat = (typeof FORMATS)[number];
const FAIL_ON = ['error', 'warning', 'information', 'hint', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** `--format`, `--fail-on`: a bad value is a usage error naming the option and what it accepts. */
function oneOf<T extends string>(values: readonly T[], what: string): (value: string) => T {
  return (value) => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`The "${value}" ${what} is not supported: use ${values.join(', ')}.`);
    return value as T;
  };
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
    .option(
      '--format <format>',
      'txt, json, sarif (SARIF 2.1.0) or github (workflow annotations)',
      oneOf(FORMATS, 'format'),
      'txt',
    )
    .option(
      '--fail-on <severity>',
      'exit 1 when a problem of this severity or a worse one is left: error, warning, information, hint or never',
      oneOf(FAIL_ON, 'severity'),
      'error',
    )
    .option(
      '--baseline <file>',
      'accept the problems listed in this file (default: <dir>/messenger-baseline.json if present)',
    )
    .option(
      '--generate-baseline [file]',
      'write the current problems as the baseline (default: <dir>/messenger-baseline.json) and exit 0',
    )
    .action(
      runCommand(
        context,
        async (
          dir: string,
          options: { format: CheckFormat; failOn: FailOn; baseline?: string; generateBaseline?: string | boolean },
        ) => {
          const globals = program.opts<{ env?: string; ansi?: boolean }>();
          const analysis = await loadAnalysis();
          return analysis.runCheckCommand({
            dir: resolve(context.cwd, dir),
            format: options.format,
            env: globals.env,
            ansi: globals.ansi,
            failOn: options.failOn,
            ...(options.baseline === undefined ? {} : { baseline: resolve(context.cwd, options.baseline) }),
            ...(options.generateBaseline === undefined
              ? {}
              : {
                  generateBaseline:
                    typeof options.generateBaseline === 'string'
                      ? resolve(context.cwd, options.generateBaseline)
                      : options.generateBaseline,
                }),
            out: context.stdout,
          });
        },
      ),
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
