import { existsSync, statSync } from 'node:fs';
import { discoverProjects } from '../project/projects.js';
import { Workspace } from '../Workspace.js';
import { errorJson, formatDiagnostic, summary, toJson } from './format.js';

export interface CheckOptions {
  readonly dir: string;
  readonly format: 'txt' | 'json';
  readonly env?: string;
  readonly ansi?: boolean;
  /** Where output goes (tests capture it); default process.stdout. */
  readonly out?: { write(text: string): unknown };
  /** Paths are printed relative to it; default the working directory. */
  readonly cwd?: string;
}

/**
 * `messenger check [dir]`: every diagnostic of the projects at or below the directory, found as
 * the language server finds them, one per line
 * (`file:line:col severity code message`) or as JSON (the runtime's CheckJson). Exit code 1
 * when there is an error, 2 when the directory does not exist (a JsonError in JSON): the two must not be confused.
 */
export async function runCheckCommand(options: CheckOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const cwd = options.cwd ?? process.cwd();
  if (!existsSync(options.dir) || !statSync(options.dir).isDirectory()) {
    const message = `No such project directory: ${options.dir}`;
    out.write(
      options.format === 'json'
        ? `${JSON.stringify(errorJson('InvalidArgumentException', message))}\n`
        : `${message}\n`,
    );
    return 2;
  }
  // The projects the editor would find there (a monorepo has several), each with its own config;
  // severities come from each project's package.json, as in the editor.
  const projects = discoverProjects(options.dir);
  const diagnostics = (projects.length > 0 ? projects : [options.dir]).flatMap(
    (projectDir) => new Workspace({ projectDir, env: options.env }).analyze().diagnostics,
  );
  if (options.format === 'json') {
    out.write(`${JSON.stringify(toJson(diagnostics, cwd), null, 2)}\n`);
  } else {
    for (const d of diagnostics) out.write(`${formatDiagnostic(d, cwd, options.ansi ?? false)}\n`);
    const counts = summary(diagnostics);
    out.write(
      `${diagnostics.length === 0 ? 'No problems found' : `${counts.error} error(s), ${counts.warning} warning(s), ${counts.information} information`}.\n`,
    );
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
