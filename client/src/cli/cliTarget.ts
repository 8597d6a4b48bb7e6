/**
 * The one factory of CLI runs: what to run (the invocation), where (the project directory),
 * in which environment, and the runner for one-shot commands. Every CLI process the extension
 * starts — `stats`, the `failed:*` commands, `stop-workers`, workers — gets its target here,
 * so the trust check lives here, once: in a restricted workspace nothing is resolved (not even
 * the cliCommand setting) and a CliError says why.
 */
import { CliError } from './CliError';
import { CliRunner } from './CliRunner';
import { type CliInvocation, resolveCliInvocation } from './commandLine';
import { findRuntimeBin } from './runtimeBin';

export interface CliSettings {
  readonly trusted: boolean;
  /** `messenger.cliCommand` (in a restricted workspace VS Code returns the user's value only). */
  readonly cliCommand: string;
  /** `messenger.environment`; empty for the project's default. */
  readonly environment: string;
  /** The workspace folder of the project: relative programs in cliCommand are resolved against it. */
  readonly workspaceFolder: string | undefined;
  /** Where the CLI runs: the project directory. */
  readonly projectDir: string | undefined;
}

export interface CliTarget {
  readonly invocation: CliInvocation;
  readonly cwd: string;
  readonly environment: string | undefined;
  readonly runner: CliRunner;
}

export function cliTarget(
  settings: CliSettings,
  what: string,
  findBin: (dirs: readonly string[]) => string | undefined = findRuntimeBin,
): CliTarget {
  if (!settings.trusted) throw new CliError(`${what} runs your application's code: trust this workspace first.`);
  const { workspaceFolder, projectDir } = settings;
  if (workspaceFolder === undefined || projectDir === undefined)
    throw new CliError('Open a folder first: Messenger works on a workspace folder.');
  const invocation = resolveCliInvocation(settings.cliCommand, workspaceFolder, () =>
    findBin([projectDir, workspaceFolder]),
  );
  return {
    invocation,
    cwd: projectDir,
    environment: settings.environment || undefined,
    runner: new CliRunner(invocation),
  };
}
