/**
 * When the map counts queued messages again. Counting runs `messenger stats`, which loads the
 * user's application from the files on disk: so it follows what is saved, not what is typed.
 * The first model with transports is counted once; after that, only a change on disk to a file
 * that decides the transports (a project's messenger.yaml files and .env files, as the server
 * read them, or a new one of those) counts again — never an unsaved edit, whose DSN the CLI
 * would not even see. Workers' activity and retries ask for counts on their own.
 */
import { basename, dirname } from 'node:path';
import { isDotenvFileName, isProjectConfigFile } from '@messenger-ts/runtime/layout';
import type { ProjectModel } from '@messenger-ts/server/protocol';

export class RecountTriggers {
  private counted = false;

  /** A new model: whether to count (only the first one that has transports). */
  modelChanged(projects: readonly ProjectModel[]): boolean {
    if (this.counted || !projects.some((p) => p.transports.length > 0)) return false;
    this.counted = true;
    return true;
  }

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
