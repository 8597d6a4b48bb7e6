import { existsSync, readFileSync } from 'node:fs';

/** The text of a file, or undefined when there is none: optional files (config, .env) are read this way unless a test passes its own reader. */
export function readFileIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
