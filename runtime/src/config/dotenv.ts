import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { DOTENV_BASE_FILES, dotenvOverrideFiles } from '../layout/projectLayout.js';
import { readFileIfExists } from '../support/readFileIfExists.js';

export interface DotenvResult {
  /** Variables from the files, with the real environment layered on top (it always wins). */
  readonly vars: Readonly<Record<string, string>>;
  /** Variables defined by the files only (the language server asks "is X defined in any .env file?"). */
  readonly fileVars: Readonly<Record<string, string>>;
  readonly files: readonly string[];
  /** APP_ENV: explicit, else from the environment, else from the files, else `dev`. */
  readonly appEnv: string;
}

export interface DotenvOptions {
  readonly projectDir: string;
  readonly env?: string;
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  readonly readFile?: (path: string) => string | undefined;
}

/**
 * Loads `.env` files the way Symfony's Dotenv::loadEnv does: `.env` (or `.env.dist`), then
 * `.env.local` (skipped in the `test` environment), `.env.<env>`, `.env.<env>.local`; later
 * files win, and real environment variables win over every file. Values are parsed with
 * Node's own parser (no `$VAR` expansion).
 */
export function loadDotenv(options: DotenvOptions): DotenvResult {
  const read = options.readFile ?? readFileIfExists;
  const processEnv = options.processEnv ?? process.env;
  const fileVars: Record<string, string> = {};
  const files: string[] = [];
  const load = (name: string): boolean => {
    const path = join(options.projectDir, name);
    const text = read(path);
    if (text === undefined) return false;
    Object.assign(fileVars, parseEnv(text));
    files.push(path);
    return true;
  };
  DOTENV_BASE_FILES.some(load);
  const appEnv = options.env ?? processEnv['APP_ENV'] ?? fileVars['APP_ENV'] ?? 'dev';
  for (const name of dotenvOverrideFiles(appEnv)) load(name);
  const vars: Record<string, string> = { ...fileVars };
  for (const [key, value] of Object.entries(processEnv)) if (value !== undefined) vars[key] = value;
  return { vars, fileVars, files, appEnv };
}
