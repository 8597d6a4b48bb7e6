import { basename } from 'node:path';

/**
 * The files whose changes on disk the server must hear about, as glob patterns for the
 * client's file watchers (registered dynamically: the server, not each client, says what it
 * needs). Sources, every YAML file (messenger.yaml base and per-environment, and a config file
 * createMessenger() names, whatever its name: the projects ignore the others), .env files,
 * package.json (severities, bootstrap module) and tsconfig files (a solution's references too);
 * and the configured config file, if it is not YAML.
 */
export function watchedFileGlobs(configFile: string | undefined): string[] {
  const globs = ['**/*.{ts,tsx,mts,cts}', '**/*.{yaml,yml}', '**/.env*', '**/package.json', '**/tsconfig*.json'];
  // By name: the file may be relative to any project of the workspace. Events for namesakes are ignored by the projects.
  if (configFile !== undefined && !/\.ya?ml$/.test(configFile)) globs.push(`**/${basename(configFile)}`);
  return globs;
}
