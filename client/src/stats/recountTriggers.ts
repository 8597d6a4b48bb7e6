/**
 * When the live watch starts again (views/liveStats.ts). It runs the CLI, which loads the user's
 * application from the files on disk: so it follows what is saved, not what is typed. A change on
 * disk to a file that decides the transports (a project's messenger.yaml files and .env files, as
 * the server read them, or a new one of those) restarts it — never an unsaved edit, whose DSN the
 * CLI would not even see.
 */
import { basename, dirname } from 'node:path';
import { isDotenvFileName, isProjectConfigFile } from '@messenger-ts/runtime/layout';
import type { ProjectModel } from '@messenger-ts/server/protocol';

export class RecountTriggers {
  /** A file was saved, created or deleted: whether the counts may have changed. */
  fileChanged(file: string, projects: readonly ProjectModel[]): boolean {
    return projects.some((project) => project.configFiles.includes(file) || isTransportFile(project.projectDir, file));
  }
}

/** A .env file of the project, or one of its config files (base or an environment's). */
function isTransportFile(projectDir: string, file: string): boolean {
  if (dirname(file) === projectDir) return isDotenvFileName(basename(file));
  return isProjectConfigFile(projectDir, file);
}
