import { join } from 'node:path';
import { DOTENV_BASE_FILES, dotenvOverrideFiles } from '../../layout/projectLayout.js';
import { readFileIfExists } from '../../support/readFileIfExists.js';
import { fileStart, locateInText, type SourceLocation } from '../SourceLocation.js';
import { parseDotenv } from './parseDotenv.js';
import { readConfigFile } from '../readConfigFile.js';

export interface DotenvProblem {
  readonly severity: 'error' | 'warning';
  readonly code: 'dotenv-syntax' | 'dotenv-command-not-run' | 'unreadable-file';
  readonly message: string;
  readonly location: SourceLocation;
}

export interface DotenvResult {
  /** Variables from the files, with the real environment layered on top (it always wins). */
  readonly vars: Readonly<Record<string, string>>;
  /** Variables defined by the files only (the language server asks "is X defined in any .env file?"). */
  readonly fileVars: Readonly<Record<string, string>>;
  readonly files: readonly string[];
  /** APP_ENV: explicit, else from the environment, else from the files, else `dev`. */
  readonly appEnv: string;
  /** Syntax errors and unreadable files, with their locations. */
  readonly problems: readonly DotenvProblem[];
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
 * files win, and real environment variables win over every file. Values are parsed, and
 * `$VAR` / `${VAR:-default}` expanded, by Symfony's rules (see parseDotenv).
 */
export function loadDotenv(options: DotenvOptions): DotenvResult {
  const read = options.readFile ?? readFileIfExists;
  const processEnv = options.processEnv ?? process.env;
  const fileVars: Record<string, string> = {};
  const files: string[] = [];
  const problems: DotenvProblem[] = [];
  // Own keys only: `$constructor` must not find Object.prototype's.
  const own = (record: Readonly<Record<string, string | undefined>>, name: string): string | undefined =>
    Object.hasOwn(record, name) ? record[name] : undefined;
  const scope = {
    isRealEnv: (name: string): boolean => own(processEnv, name) !== undefined,
    lookup: (name: string): string | undefined => own(processEnv, name) ?? own(fileVars, name),
  };
  const load = (name: string): boolean => {
    const path = join(options.projectDir, name);
    const file = readConfigFile(read, path, options.projectDir);
    if (file.text === undefined) {
      if (file.error !== undefined)
        problems.push({ severity: 'error', code: 'unreadable-file', message: file.error, location: fileStart(path) });
      return file.error !== undefined;
    }
    const parsed = parseDotenv(file.text, scope);
    Object.assign(fileVars, parsed.values);
    for (const issue of parsed.issues) {
      const location = locateInText(path, file.text, issue.offset, issue.endOffset);
      const code = issue.severity === 'error' ? 'dotenv-syntax' : 'dotenv-command-not-run';
      problems.push({ severity: issue.severity, code, message: issue.message, location });
    }
    files.push(path);
    return true;
  };
  DOTENV_BASE_FILES.some(load);
  const appEnv = options.env ?? processEnv['APP_ENV'] ?? fileVars['APP_ENV'] ?? 'dev';
  for (const name of dotenvOverrideFiles(appEnv)) load(name);
  const vars: Record<string, string> = { ...fileVars };
  for (const [key, value] of Object.entries(processEnv)) if (value !== undefined) vars[key] = value;
  return { vars, fileVars, files, appEnv, problems };
}
