/**
 * Where a project's messenger.yaml is, given its directory and the `messenger.configPath`
 * setting. The setting is relative to the project directory, as `createMessenger({ configFile })`
 * and the language server's `configFile` are, and it is confined there: a workspace's settings
 * must never make the extension read or write a file outside the project (an absolute path or
 * `../` is refused, not followed).
 */
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { BASE_CONFIG_FILE_GLOB, DEFAULT_CONFIG_FILE, projectDirOfConfigFile } from '@messenger-ts/runtime/layout';

/** Base config files anywhere in a workspace (the runtime's project layout says where and which names). */
export const CONFIG_GLOB = BASE_CONFIG_FILE_GLOB;

/** The config file of a project, or undefined when the setting points outside it. */
export function configFileIn(projectDir: string, configPathSetting: string | undefined): string | undefined {
  const setting = configPathSetting?.trim() || DEFAULT_CONFIG_FILE;
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
  return projectDirOfConfigFile(configFile);
}

export function isInside(dir: string, file: string): boolean {
  const path = relative(dir, file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}
