/**
 * Runs one `messenger … --format json` command to completion and returns its parsed JSON,
 * or throws a CliError whose message says what to do. Every command the extension runs for
 * the user (failed messages, stop-workers, stats) goes through here; runners come from
 * cliTarget.ts, which refuses them in a restricted workspace. There is no cancellation: a CLI
 * command stopped halfway (a retry between two handlers) is worse than one that finishes.
 */
import { existsSync } from 'node:fs';
import { cliArguments, type CliInvocation } from './commandLine';
import { CliError } from './CliError';
import { parseCliOutput } from './cliOutput';
import { platformCommand } from './platformCommand';
import { runToCompletion } from './runToCompletion';
import { describeSpawnError } from './spawnErrors';

export interface CliRunOptions {
  readonly cwd: string;
  readonly environment?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Default 60 s; 0: no time limit. */
  readonly timeoutMs?: number;
  /** See parseCliOutput. */
  readonly acceptFailureResult?: boolean;
}

const MAX_OUTPUT = 256 * 1024 * 1024;

export class CliRunner {
  constructor(private readonly invocation: CliInvocation) {}

  async run(command: readonly string[], options: CliRunOptions): Promise<unknown> {
    const shown = `messenger ${command.join(' ')}`;
    const env = { ...process.env, ...options.env, NO_COLOR: '1' };
    const args = cliArguments(this.invocation, command, options.environment);
    const timeoutMs = options.timeoutMs ?? 60_000;
    let completed: Awaited<ReturnType<typeof runToCompletion>>;
    try {
      completed = await runToCompletion(
        platformCommand(this.invocation.program, args, {
          platform: process.platform,
          env,
          cwd: options.cwd,
          exists: existsSync,
        }),
        { cwd: options.cwd, env, timeoutMs, maxBytes: MAX_OUTPUT },
      );
    } catch (error) {
      throw new CliError(
        `\`${shown}\` could not run: ${describeSpawnError(error as Error & { code?: unknown }, this.invocation.program, options.cwd)}`,
      );
    }
    if (completed.timedOut)
      throw new CliError(`\`${shown}\` did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`);
    if (completed.overflowed) throw new CliError(`\`${shown}\` printed more than 256 MB and was stopped.`);
    return parseCliOutput(completed.stdout, completed.stderr, completed.code, shown, options.acceptFailureResult);
  }
}
