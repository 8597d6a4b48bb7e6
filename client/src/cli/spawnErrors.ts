/**
 * Why a CLI process could not start, in words a user can act on. Node reports a missing
 * working directory as ENOENT too, naming the program: look before blaming the CLI.
 */
import { existsSync } from 'node:fs';

export function describeSpawnError(
  error: { code?: unknown; message: string },
  program: string,
  cwd: string,
  exists: (path: string) => boolean = existsSync,
): string {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
    if (!exists(cwd)) return `the folder it runs in does not exist: ${cwd}`;
    return `the messenger CLI was not found: ${program} does not exist (or is not on PATH). Install @messenger-ts/runtime in the project, or set messenger.cliCommand.`;
  }
  if (error.code === 'EACCES') return `the messenger CLI ${program} is not executable (EACCES).`;
  if (error.code === 'EINVAL')
    return `${program} cannot be started directly (EINVAL); name a program, not a .cmd or .bat file, in messenger.cliCommand.`;
  return error.message;
}
