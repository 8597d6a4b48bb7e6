import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RuntimeException } from '../../errors/MessengerException.js';
import { BOOTSTRAP_MODULES, bootstrapModuleSetting } from '../../layout/projectLayout.js';

/** Where the CLI found the application's bootstrap module, and why it looked there. */
export interface ApplicationLocation {
  readonly module: string;
  readonly projectDir: string;
  readonly source: '--app' | 'MESSENGER_APP' | 'package.json' | 'convention';
}

/** Where the module is looked for when nothing names it: the project layout's. */
export const CONVENTIONAL_MODULES = BOOTSTRAP_MODULES;

/**
 * Finds the module that builds the app's Messenger, in this order:
 *   1. `--app <file>`;
 *   2. the MESSENGER_APP environment variable;
 *   3. `"messenger": { "app": "<file>" }` in the nearest package.json;
 *   4. `src/messenger.ts` (or .mts/.js/.mjs) next to the nearest package.json.
 * The project directory is the one holding that package.json (else the working directory).
 */
export function findApplication(
  cwd: string,
  appOption?: string,
  env: NodeJS.ProcessEnv = process.env,
): ApplicationLocation {
  const packageDir = nearestPackageDir(cwd);
  const projectDir = findProjectDir(cwd);
  if (appOption !== undefined) return located(resolve(cwd, appOption), projectDir, '--app');
  if (env['MESSENGER_APP']) return located(resolve(cwd, env['MESSENGER_APP']), projectDir, 'MESSENGER_APP');
  const configured = packageDir === undefined ? undefined : packageAppField(packageDir);
  if (configured !== undefined) return located(resolve(projectDir, configured), projectDir, 'package.json');
  for (const candidate of CONVENTIONAL_MODULES) {
    const file = join(projectDir, candidate);
    if (existsSync(file)) return { module: file, projectDir, source: 'convention' };
  }
  throw new RuntimeException(
    `No messenger application found in ${projectDir}. The CLI loads a module whose default export is your Messenger ` +
      `(export default createMessenger({ … })). Create ${CONVENTIONAL_MODULES[0]}, set "messenger": { "app": "…" } in package.json, ` +
      'set MESSENGER_APP, or pass --app <file>.',
  );
}

/** The project directory, found without loading the application: the nearest package.json's, else the working directory. */
export function findProjectDir(cwd: string): string {
  return nearestPackageDir(cwd) ?? cwd;
}

function located(module: string, projectDir: string, source: ApplicationLocation['source']): ApplicationLocation {
  if (!existsSync(module))
    throw new RuntimeException(`The messenger application module ${module} (from ${source}) does not exist.`);
  return { module, projectDir, source };
}

function nearestPackageDir(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function packageAppField(dir: string): string | undefined {
  try {
    return bootstrapModuleSetting(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
  } catch {
    return undefined;
  }
}
