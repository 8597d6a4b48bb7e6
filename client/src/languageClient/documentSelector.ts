/** The documents the language server works on: TypeScript sources and messenger.yaml files. */
export const MESSENGER_YAML_PATTERN = '**/config/packages/**/messenger.yaml';

export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'yaml', pattern: MESSENGER_YAML_PATTERN },
] as const;

/** Files whose changes the server hears about even when they are not open. */
export const WATCHED_FILES_GLOB = '**/{config/packages/**/messenger.yaml,.env,.env.*,package.json,tsconfig.json}';
