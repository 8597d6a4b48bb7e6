/**
 * Where a project's messenger.yaml is, given a workspace folder and the `messenger.configPath`
 * setting, and which directory is the project (the runtime resolves `%kernel.project_dir%`,
 * `.env` and `config/packages/<env>/` against it).
 */
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { STARTER_CONFIG_PATH } from './starterConfig';

export const CONFIG_GLOB = '**/config/packages/messenger.yaml';

export function configFileFor(workspaceFolder: string, configPathSetting: string | undefined): string {
  const relative = configPathSetting?.trim() || STARTER_CONFIG_PATH;
  return normalize(isAbsolute(relative) ? relative : join(workspaceFolder, relative));
}

/** `<project>/config/packages/messenger.yaml` → `<project>`; any other path → the file's folder. */
export function projectDirForConfig(configFile: string): string {
  const suffix = `${sep}config${sep}packages${sep}messenger.yaml`;
  const file = normalize(configFile);
  return file.endsWith(suffix) ? file.slice(0, -suffix.length) || sep : dirname(file);
}
