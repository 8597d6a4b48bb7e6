/**
 * What the language client tells the server: the documents it works on (TypeScript sources,
 * .tsx included, and messenger.yaml / messenger.yml files) and its settings. No file watcher of
 * the client's own: the server registers the watchers it needs (workspace/didChangeWatchedFiles,
 * dynamically), and a second set would deliver every change twice.
 */
import { CONFIG_FILES_GLOB } from '@messenger-ts/runtime/layout';

export const MESSENGER_YAML_PATTERN = CONFIG_FILES_GLOB;

export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'yaml', pattern: MESSENGER_YAML_PATTERN },
] as const;

/** The server's settings, in its own names (see @messenger-ts/server/protocol): `env` is `messenger.environment`, `configFile` is `messenger.configPath`. */
export interface ServerSettings {
  readonly messenger: { readonly env?: string; readonly configFile?: string };
}

export function serverSettings(environment: string, configFile: string | undefined): ServerSettings {
  return { messenger: { ...(environment ? { env: environment } : {}), ...(configFile ? { configFile } : {}) } };
}
