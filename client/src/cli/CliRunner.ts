/**
 * Runs one `messenger … --format json` command to completion and returns its parsed JSON,
 * or throws a CliError whose message says what to do. Every command the extension runs for
 * the user (failed messages, stop-workers, stats) goes through here.
 */
import { execFile } from 'node:child_process';
import { cliArguments, type CliInvocation } from './commandLine';
import { CliError } from './CliError';
import { parseCliOutput } from './cliOutput';

export interface CliRunOptions {
  readonly cwd: string;
  readonly environment?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Default 60 s; 0: no time limit. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** See parseCliOutput. */
  readonly acceptFailureResult?: boolean;
}

export type ExecFileLike = (
  program: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeout: number; signal?: AbortSignal; maxBuffer: number },
  callback: (error: (Error & { code?: unknown }) | null, stdout: string, stderr: string) => void,
) => void;

export class CliRunner {
  constructor(
    private readonly invocation: CliInvocation,
    private readonly exec: ExecFileLike = (program, args, options, callback) => execFile(program, [...args], { ...options, encoding: 'utf8' }, callback),
  ) {}

  run(command: readonly string[], options: CliRunOptions): Promise<unknown> {
    const args = cliArguments(this.invocation, command, options.environment);
    const shown = `messenger ${command.join(' ')}`;
    return new Promise((resolve, reject) => {
      this.exec(
        this.invocation.program,
        args,
        { cwd: options.cwd, env: { ...process.env, ...options.env, NO_COLOR: '1' }, timeout: options.timeoutMs ?? 60_000, signal: options.signal, maxBuffer: 256 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error !== null && typeof error.code === 'string') {
            reject(spawnError(error, this.invocation, shown));
            return;
          }
          if (error !== null && (error as { killed?: boolean }).killed === true) {
            reject(new CliError(`\`${shown}\` did not finish within ${Math.round((options.timeoutMs ?? 60_000) / 1000)} s and was stopped.`));
            return;
          }
          try {
            resolve(parseCliOutput(stdout, stderr, error === null ? 0 : typeof error.code === 'number' ? error.code : null, shown, options.acceptFailureResult));
          } catch (failure) {
            reject(failure);
          }
        },
      );
    });
  }
}

function spawnError(error: Error & { code?: unknown }, invocation: CliInvocation, shown: string): CliError {
  if (error.code === 'ENOENT') {
    return new CliError(`The messenger CLI was not found: ${invocation.program} does not exist. Install @messenger-ts/runtime in the workspace, or set messenger.cliCommand (e.g. "npx messenger").`);
  }
  if (error.code === 'EACCES') return new CliError(`The messenger CLI ${invocation.program} is not executable (EACCES).`);
  if (error.code === 'ABORT_ERR') return new CliError(`\`${shown}\` was cancelled.`);
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return new CliError(`\`${shown}\` printed more than 256 MB.`);
  return new CliError(`\`${shown}\` could not run: ${error.message}`);
}
