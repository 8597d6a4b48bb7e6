import { relative } from 'node:path';

export interface ReadResult {
  /** The text, or undefined when the file does not exist or could not be read. */
  readonly text: string | undefined;
  /** Why a file that exists could not be read (a directory, no permission), naming it. */
  readonly error?: string;
}

/** Reads an optional config file (messenger.yaml, .env), turning what makes the read fail into a sentence naming the path. */
export function readConfigFile(
  read: (path: string) => string | undefined,
  path: string,
  projectDir?: string,
): ReadResult {
  try {
    return { text: read(path) };
  } catch (error) {
    const shown = projectDir === undefined ? path : relative(projectDir, path) || path;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EISDIR'
        ? 'it is a directory, not a file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (error as Error).message;
    return { text: undefined, error: `Cannot read ${shown}: ${reason}.` };
  }
}
