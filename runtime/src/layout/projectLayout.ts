/**
 * Where a messenger project keeps its files, relative to the project directory (the one with
 * package.json): the config, the bootstrap module, the .env files. The runtime's config loader
 * and CLI, the language server, the VS Code extension and its manifest all read this module, so
 * a file the editor shows is the file the runtime reads. It loads nothing but node:path (the
 * extension bundles it) and is exported as `@messenger-ts/runtime/layout`.
 */
import { basename, dirname, join, normalize, resolve, sep } from 'node:path';

/** The directory of the config files, as in a Symfony application. */
export const CONFIG_DIR = 'config/packages';

/**
 * The names a config file may have, in order: Symfony's recipes write `.yaml`, older
 * applications `.yml`. When both exist, the first is read and the other reported as ignored.
 */
export const CONFIG_FILE_NAMES: readonly string[] = ['messenger.yaml', 'messenger.yml'];

// `messenger.{yaml,yml}`
const CONFIG_NAME_GLOB = `messenger.{${CONFIG_FILE_NAMES.map((name) => name.slice('messenger.'.length)).join(',')}}`;

/** The base config file a new project gets. */
export const DEFAULT_CONFIG_FILE = `${CONFIG_DIR}/${CONFIG_FILE_NAMES[0]!}`;

/** The base config file's candidates, project-relative, in the order they are looked for. */
export function configFileCandidates(): string[] {
  return CONFIG_FILE_NAMES.map((name) => `${CONFIG_DIR}/${name}`);
}

/** The candidates of an environment's config file (`config/packages/<env>/messenger.yaml`), merged over the base one. */
export function envConfigFileCandidates(env: string): string[] {
  return CONFIG_FILE_NAMES.map((name) => `${CONFIG_DIR}/${env}/${name}`);
}

/** Is this the name of a messenger config file? */
export function isConfigFileName(name: string): boolean {
  return CONFIG_FILE_NAMES.includes(name);
}

/** A base or an environment's config file of the project (by path; whether it exists is not asked). */
export function isProjectConfigFile(projectDir: string, file: string): boolean {
  const dir = dirname(normalize(file));
  const configDir = join(projectDir, CONFIG_DIR);
  return isConfigFileName(basename(file)) && (dir === configDir || dirname(dir) === configDir);
}

/** `<project>/config/packages/messenger.yaml` → `<project>`; undefined for a file that is no base config file. */
export function projectDirOfConfigFile(file: string): string | undefined {
  const path = normalize(file);
  if (!isConfigFileName(basename(path))) return undefined;
  const suffix = `${sep}${CONFIG_DIR.split('/').join(sep)}`;
  const dir = dirname(path);
  return dir.endsWith(suffix) ? dir.slice(0, -suffix.length) || sep : undefined;
}

/**
 * Glob patterns of every config file (base and per environment, each accepted name) at any
 * depth of a workspace: the extension's activation events and YAML schema follow them.
 */
export function configFileGlobs(): string[] {
  return CONFIG_FILE_NAMES.flatMap((name) => [`**/${CONFIG_DIR}/${name}`, `**/${CONFIG_DIR}/*/${name}`]);
}

/** One glob for the base config files, at any depth. */
export const BASE_CONFIG_FILE_GLOB = `**/${CONFIG_DIR}/${CONFIG_NAME_GLOB}`;

/** One glob for every config file at any depth, base and per environment. */
export const CONFIG_FILES_GLOB = `**/${CONFIG_DIR}/**/${CONFIG_NAME_GLOB}`;

/**
 * The module that builds the application's Messenger, where the CLI looks for it when
 * package.json does not say (`"messenger": { "app": "…" }`), in this order.
 */
export const BOOTSTRAP_MODULES = [
  'src/messenger.ts',
  'src/messenger.mts',
  'src/messenger.js',
  'src/messenger.mjs',
] as const;

/** `"messenger": { "app": "…" }` of a parsed package.json, if it is a string. */
export function bootstrapModuleSetting(packageJson: unknown): string | undefined {
  const messenger = (packageJson as { messenger?: { app?: unknown } } | null)?.messenger;
  return typeof messenger?.app === 'string' ? messenger.app : undefined;
}

/**
 * The bootstrap module of a project: package.json's `app` (resolved against the project),
 * else the first conventional module that exists; undefined when there is none.
 */
export function locateBootstrapModule(
  projectDir: string,
  app: string | undefined,
  exists: (path: string) => boolean,
): string | undefined {
  if (app !== undefined) return resolve(projectDir, app);
  return BOOTSTRAP_MODULES.map((module) => join(projectDir, module)).find(exists);
}

/** The base .env files: the first that exists is read (`.env.dist` stands in for a missing `.env`, as in Symfony). */
export const DOTENV_BASE_FILES = ['.env', '.env.dist'] as const;

/**
 * The .env files read after the base one, once APP_ENV is known, later ones winning: as
 * Symfony's Dotenv::loadEnv, `.env.local` (not in the `test` environment), `.env.<env>`,
 * `.env.<env>.local`.
 */
export function dotenvOverrideFiles(appEnv: string): string[] {
  return [
    ...(appEnv === 'test' ? [] : ['.env.local']),
    ...(appEnv === 'local' ? [] : [`.env.${appEnv}`, `.env.${appEnv}.local`]),
  ];
}

/** Is this the name of a .env file (of any environment)? */
export function isDotenvFileName(name: string): boolean {
  return name === '.env' || name.startsWith('.env.');
}
