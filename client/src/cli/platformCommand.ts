/**
 * The file and arguments to spawn for an invocation on this platform. On POSIX: as they are.
 * On Windows, a program that is a batch file (`npx` is npx.cmd, node_modules/.bin/x is x.cmd)
 * can only run through cmd.exe — Node refuses to spawn .cmd/.bat files without a shell since
 * 20.12.2 — so it runs as `cmd.exe /d /s /c "<line>"` with every argument quoted and cmd's
 * metacharacters escaped (cross-spawn's rules), never as a shell line we let cmd interpret.
 */
// Windows paths whatever platform computes them (the tests run on Linux).
import { win32 } from 'node:path';

export interface PlatformCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** cmd.exe reads its command line as written: Node must not quote it again. */
  readonly windowsVerbatimArguments?: boolean;
}

export interface PlatformEnvironment {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly exists: (file: string) => boolean;
}

const BATCH = /\.(cmd|bat)$/i;
// cmd.exe's metacharacters, escaped with ^.
const META = /([()\][%!^"`<>&|;, *?])/g;
// npm's shims re-expand their arguments once more: escape twice (cross-spawn's isCmdShim).
const CMD_SHIM = /node_modules[\\/].bin[\\/][^\\/]+\.cmd$/i;

export function platformCommand(
  program: string,
  args: readonly string[],
  environment: PlatformEnvironment,
): PlatformCommand {
  if (environment.platform !== 'win32') return { file: program, args };
  const found = findOnWindows(program, environment);
  if (found === undefined || !BATCH.test(found)) return { file: program, args };
  const twice = CMD_SHIM.test(found);
  const line = [escapeCommand(found), ...args.map((arg) => escapeArgument(arg, twice))].join(' ');
  return {
    file: environment.env['comspec'] ?? environment.env['ComSpec'] ?? 'cmd.exe',
    args: ['/d', '/s', '/c', `"${line}"`],
    windowsVerbatimArguments: true,
  };
}

/** The file Windows would run for `program`: as given or with a PATHEXT extension, in cwd or on PATH. */
export function findOnWindows(program: string, environment: PlatformEnvironment): string | undefined {
  const env = environment.env;
  const extensions =
    win32.extname(program) !== ''
      ? ['']
      : [
          '',
          ...(env['PATHEXT'] ?? env['Pathext'] ?? '.COM;.EXE;.BAT;.CMD')
            .split(';')
            .filter((e) => e !== '')
            .map((e) => e.toLowerCase()),
        ];
  const hasDir = /[\\/]/.test(program);
  const dirs = win32.isAbsolute(program)
    ? ['']
    : hasDir
      ? [environment.cwd]
      : [environment.cwd, ...(env['PATH'] ?? env['Path'] ?? '').split(';').filter((d) => d !== '')];
  for (const dir of dirs) {
    for (const extension of extensions) {
      const candidate = dir === '' ? `${program}${extension}` : win32.join(dir, `${program}${extension}`);
      if (environment.exists(candidate)) return candidate;
    }
  }
  return undefined;
}

function escapeCommand(file: string): string {
  return file.replace(META, '^$1');
}

/** https://qntm.org/cmd: backslashes before a quote are doubled, the quote escaped, the whole quoted, then cmd's metacharacters escaped. */
function escapeArgument(arg: string, twice: boolean): string {
  let escaped = arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1');
  escaped = `"${escaped}"`.replace(META, '^$1');
  return twice ? escaped.replace(META, '^$1') : escaped;
}
