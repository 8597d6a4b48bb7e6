/**
 * The project the extension acts on (the one workers and CLI commands run in, whose map counts
 * and failed messages it shows), taken from the language server's model once it is there: the
 * server decides what a project is (a messenger.yaml, or a package.json with src/messenger.ts),
 * and the client follows it rather than keeping rules of its own. Before the model arrives, a
 * cheap file check stands in (projectDetection.ts).
 */
import type { ProjectModel } from '@messenger-ts/server/protocol';

export interface ProjectChoice {
  readonly projectDir: string;
  /** The base messenger.yaml the server read; undefined for a project without one yet. */
  readonly configFile: string | undefined;
}

// YAML files come first in configFiles (the base file, then the environment's), .env files last.
const YAML = /\.ya?ml$/i;

/** The first messenger.yaml the server read for the project: the base file (environment files and .env come after it). */
export function configFileOf(project: ProjectModel): string | undefined {
  return project.configFiles.find((file) => YAML.test(file));
}

/**
 * The project to act on among the model's: the one acted on so far if it is still there, else
 * the one the file check found, else the first. Undefined when the model has none.
 */
export function chooseProject(
  projects: readonly ProjectModel[],
  previousDir: string | undefined,
  detectedDir: string | undefined,
): ProjectChoice | undefined {
  const chosen =
    projects.find((p) => p.projectDir === previousDir) ??
    projects.find((p) => p.projectDir === detectedDir) ??
    projects[0];
  return chosen === undefined ? undefined : { projectDir: chosen.projectDir, configFile: configFileOf(chosen) };
}
