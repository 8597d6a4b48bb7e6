import { existsSync, readFileSync, statSync } from 'node:fs';
import { terminalSafe, terminalSafeJson } from '@messenger-ts/runtime/contract';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Severity } from '../diagnostics/types.js';
import { discoverProjects } from '../project/projects.js';
import { Workspace } from '../Workspace.js';
import { applyBaseline, BASELINE_FILE, generateBaseline, readBaseline, writeBaseline } from './baseline.js';
import { errorJson, formatDiagnostic, summary, toJson } from './format.js';
import { toGithubAnnotations } from './github.js';
import { toSarif } from './sarif.js';

export const CHECK_FORMATS = ['txt', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
export const FAIL_ON = ['error', 'warning', 'information', 'hint', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface CheckOptions {
  readonly dir: string;
  readonly format: CheckFormat;
  readonly env?: string;
  readonly ansi?: boolean;
  /** The lowest severity that fails the check (exit code 1); `never` only reports. Default `error`. */
  readonly failOn?: FailOn;
  /** A baseline file (relative to the working directory); by default `<dir>/messenger-baseline.json` if it exists. */
  readonly baseline?: string;
  /** Writes the baseline of the current problems (to this file, or the default one) instead of checking. */
  readonly generateBaseline?: string | boolean;
  /** Where output goes (tests capture it); default process.stdout. */
  readonly out?: { write(text: string): unknown };
  /** Paths are printed relative to it; default the working directory. */
  readonly cwd?: string;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * `messenger check [dir]`: every diagnostic of the projects at or below the directory, found as
 * the language server finds them, as text (`file:line:col severity code message`), JSON (the
 * runtime's CheckJson), SARIF 2.1.0 or GitHub annotations. Problems a
 * `messenger-ignore-next-line` comment or the baseline accepts are left out. Exit codes: 0 when
 * nothing at or above `--fail-on` (default: error) is left, 1 when something is, 2 when the
 * check cannot run (no such directory, an unusable baseline): the three must not be confused.
 */
export async function runCheckCommand(options: CheckOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const cwd = options.cwd ?? process.cwd();
  const fail = (message: string): number => {
    out.write(
      options.format === 'json'
        ? `${terminalSafeJson(errorJson('InvalidArgumentException', message))}\n`
        : `${terminalSafe(message)}\n`,
    );
    return 2;
  };
  if (!existsSync(options.dir) || !statSync(options.dir).isDirectory())
    return fail(`No such project directory: ${options.dir}`);
  if (!(CHECK_FORMATS as readonly string[]).includes(options.format))
    return fail(`The "${options.format}" format is not supported: use ${CHECK_FORMATS.join(', ')}.`);
  const failOn = options.failOn ?? 'error';
  if (!(FAIL_ON as readonly string[]).includes(failOn))
    return fail(`--fail-on "${failOn}" is not a severity: use ${FAIL_ON.join(', ')}.`);
  // The projects the editor would find there (a monorepo has several), each with its own config;
  // severities come from each project's package.json, as in the editor.
  const projects = discoverProjects(options.dir);
  const all = (projects.length > 0 ? projects : [options.dir]).flatMap(
    (projectDir) => new Workspace({ projectDir, env: options.env }).analyze().diagnostics,
  );

  if (options.generateBaseline !== undefined && options.generateBaseline !== false) {
    const path =
      typeof options.generateBaseline === 'string'
        ? resolve(cwd, options.generateBaseline)
        : join(options.dir, BASELINE_FILE);
    writeBaseline(path, generateBaseline(all, options.dir));
    out.write(`Baseline written to ${relative(cwd, path) || path}: ${all.length} problem(s) accepted.\n`);
    return 0;
  }

  let diagnostics = all;
  let known = 0;
  let gone = 0;
  const baselinePath =
    options.baseline !== undefined
      ? isAbsolute(options.baseline)
        ? options.baseline
        : resolve(cwd, options.baseline)
      : existsSync(join(options.dir, BASELINE_FILE))
        ? join(options.dir, BASELINE_FILE)
        : undefined;
  if (baselinePath !== undefined) {
    try {
      ({ fresh: diagnostics, known, gone } = applyBaseline(all, readBaseline(baselinePath), options.dir));
    } catch (error) {
      return fail((error as Error).message);
    }
  }

  switch (options.format) {
    case 'json':
      out.write(`${terminalSafeJson(toJson(diagnostics, cwd), 2)}\n`);
      break;
    case 'sarif':
      out.write(`${terminalSafeJson(toSarif(diagnostics, cwd, packageVersion()), 2)}\n`);
      break;
    case 'github':
      out.write(terminalSafe(toGithubAnnotations(diagnostics, cwd)));
      break;
    default: {
      for (const d of diagnostics) out.write(`${formatDiagnostic(d, cwd, options.ansi ?? false)}\n`);
      const counts = summary(diagnostics);
      out.write(
        `${diagnostics.length === 0 ? 'No problems found' : `${counts.error} error(s), ${counts.warning} warning(s), ${counts.information} information`}${baselineNote(known, gone)}.\n`,
      );
    }
  }
  if (failOn === 'never') return 0;
  return diagnostics.some((d) => RANK[d.severity] <= RANK[failOn]) ? 1 : 0;
}

function baselineNote(known: number, gone: number): string {
  const parts: string[] = [];
  if (known > 0) parts.push(`${known} known problem(s) in the baseline not shown`);
  if (gone > 0) parts.push(`${gone} baseline problem(s) fixed since: regenerate it with --generate-baseline`);
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}

function packageVersion(): string {
  try {
    const json = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return json.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
