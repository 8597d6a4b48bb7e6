import { isAbsolute, join, relative } from 'node:path';
import { configFileCandidates, envConfigFileCandidates } from '../layout/projectLayout.js';
import type { ConfigContext } from './ConfigContext.js';
import { readConfigFile } from './readConfigFile.js';
import { fileStart } from './SourceLocation.js';

export interface ConfigFileText {
  readonly file: string;
  readonly text: string;
}

type Read = (path: string) => string | undefined;

/**
 * The config files to read, in merge order, with their text: the base file (the one given,
 * else the first of the layout's candidates that exists), then the environment's. A file given
 * that does not exist is a problem; a second candidate that exists too is reported as ignored;
 * a path that exists but cannot be read (a directory, no permission) is reported by name.
 */
export function configFilesToRead(
  options: { readonly projectDir: string; readonly file: string | undefined; readonly appEnv: string },
  read: Read,
  context: ConfigContext,
): ConfigFileText[] {
  const { projectDir, file } = options;
  const files: ConfigFileText[] = [];
  if (file !== undefined) {
    const path = isAbsolute(file) ? file : join(projectDir, file);
    const { text, error } = readConfigFile(read, path, projectDir);
    if (error !== undefined) context.error('unreadable-file', '', fileStart(path), error);
    else if (text === undefined)
      context.error(
        'unreadable-file',
        '',
        fileStart(path),
        `Config file not found: ${relative(projectDir, path) || path}.`,
      );
    else files.push({ file: path, text });
  } else {
    files.push(...firstOf(projectDir, configFileCandidates(), read, context));
  }
  files.push(...firstOf(projectDir, envConfigFileCandidates(options.appEnv), read, context));
  return files;
}

function firstOf(
  projectDir: string,
  candidates: readonly string[],
  read: Read,
  context: ConfigContext,
): ConfigFileText[] {
  const found = candidates.flatMap((candidate) => {
    const path = join(projectDir, candidate);
    const { text, error } = readConfigFile(read, path, projectDir);
    if (error !== undefined) context.error('unreadable-file', '', fileStart(path), error);
    return text === undefined ? [] : [{ file: path, text }];
  });
  for (const ignored of found.slice(1)) {
    context.warning(
      'ignored-config-file',
      '',
      fileStart(ignored.file),
      `${relative(projectDir, ignored.file)} is ignored: ${relative(projectDir, found[0]!.file)} is read instead. Merge the two into one file.`,
    );
  }
  return found.slice(0, 1);
}
