import { basename } from 'node:path';

/**
 * The files whose changes on disk the server must hear about, as glob patterns for the
 * client's file watchers (registered dynamically: the server, not each client, says what it
 * needs). Sources, every messenger.yaml/.yml (base and per-environment), .env files,
 * package.json (severities, bootstrap module) and tsconfig files (a solution's references too);
 * and the configured config file, whatever its name.
 */
export function watchedFileGlobs(configFile: string | undefined): string[] {
  const globs = ['**/*.{ts,tsx,mts,cts}', '**/messenger.{yaml,yml}', '**/.env*', '**/package.json', '**/tsconfig*.json'];
  // By name: the file may be relative to any project of the workspace. Events for namesakes are ignored by the projects.
  if (configFile !== undefined && !/^messenger\.ya?ml$/.test(basename(configFile))) globs.push(`**/${basename(configFile)}`);
  return globs;
}
