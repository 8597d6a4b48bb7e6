/**
 * Where a project's messenger.yaml is, given its directory and the `messenger.configPath`
 * setting. The setting is relative to the project directory, as `createMessenger({ configFile })`
 * and the language server's `configFile` are, and it is confined there: a workspace's settings
 * must never make the extension read or write a file outside the project (an absolute path or
 * `../` is refused, not followed).
 */
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { STARTER_CONFIG_PATH } from './starterConfig';

export const CONFIG_GLOB = '**/config/packages/messenger.{yaml,yml}';

/** The config file of a project, or undefined when the setting points outside it. */
export function configFileIn(projectDir: string, configPathSetting: string | undefined): string | undefined {
  const setting = configPathSetting?.trim() || STARTER_CONFIG_PATH;
  if (isAbsolute(setting) || /^[a-zA-Z]:/.test(setting)) return undefined;
  const file = normalize(join(projectDir, setting));
  return isInside(projectDir, file) ? file : undefined;
}

/** The setting as the server and `createMessenger({ configFile })` take it (project-relative), or undefined for the default. */
export function configFileSetting(configPathSetting: string | undefined): string | undefined {
  const setting = configPathSetting?.trim() ?? '';
  // Any directory does to check that the setting stays inside it (not the root: `/..` is `/`).
  return setting === '' || configFileIn(join(sep, 'project'), setting) === undefined ? undefined : setting;
}

/** `<project>/config/packages/messenger.yaml` → `<project>`; undefined for any other place. */
export function projectDirForConfig(configFile: string): string | undefined {
  const match = /^(.*)[\\/]config[\\/]packages[\\/]messenger\.ya?ml$/.exec(normalize(configFile));
  return match === null ? undefined : match[1] || sep;
}

export function isInside(dir: string, file: string): boolean {
  const path = relative(dir, file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}
