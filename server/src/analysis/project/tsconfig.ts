import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { configFileCandidates } from '@messenger-ts/runtime/layout';
import ts from '../typescript.cjs';
import type { Range } from '../facts/types.js';
import { type FileReader, isSourceFile, listSourceFiles } from './files.js';
import { type DirectoryScan, listScan, scanMatcher } from './tsconfigGlobs.js';

type PathMapping = { readonly pattern: string; readonly targets: readonly string[] };

export interface ProjectFiles {
  /** Absolute paths of the TypeScript sources to analyse. */
  readonly files: readonly string[];
  /** The tsconfig files the list comes from (the project's and those it references): editing one changes it. */
  readonly configFiles: readonly string[];
  /** `paths` mappings, for imports like `@/Message/Foo`. */
  readonly paths: readonly PathMapping[];
  /** Where a new, unsaved buffer joins the project: the scans tsconfig's include and exclude patterns made, or directories (every source below). */
  readonly directories: ReadonlyArray<{ readonly dir: string; readonly recursive: boolean } | DirectoryScan>;
  readonly problems: ReadonlyArray<{
    readonly file: string;
    readonly range: Range;
    readonly message: string;
    readonly code: 'invalid-tsconfig' | 'no-tsconfig' | 'empty-tsconfig';
  }>;
}

const NO_INPUTS = 18003;
const MAX_REFERENCE_DEPTH = 4;

/**
 * The files a project's tsconfig.json includes; a solution-style tsconfig (`"files": []` and
 * `"references"`) includes those of the projects it references. Without a tsconfig, or when it
 * includes nothing, every .ts file under src/ (else the project), and a diagnostic says so.
 */
export function readProjectFiles(projectDir: string, reader: FileReader): ProjectFiles {
  const tsconfig = join(projectDir, 'tsconfig.json');
  if (reader.read(tsconfig) === undefined) {
    // Said on a file the user has open in such a project (an editor shows nothing on a directory).
    const anchor = [join(projectDir, 'package.json'), ...configFileCandidates().map((f) => join(projectDir, f))].find(
      (file) => reader.read(file) !== undefined,
    );
    return fallback(projectDir, {
      file: anchor ?? projectDir,
      code: 'no-tsconfig',
      message: (where) => `No tsconfig.json in the project: analysing every .ts file under ${where}.`,
    });
  }
  const read = readConfig(tsconfig, reader, new Set(), 0);
  if (read.files.length > 0 || read.unreadable) return { ...read, files: [...new Set(read.files)].sort() };
  const empty = fallback(projectDir, {
    file: tsconfig,
    code: 'empty-tsconfig',
    message: (where) =>
      `tsconfig.json${read.configFiles.length > 1 ? ' and the projects it references' : ''} include no TypeScript source: analysing every .ts file under ${where} instead.`,
  });
  // Nothing to analyse either way: nothing to explain.
  return {
    ...empty,
    configFiles: read.configFiles,
    problems: [...read.problems, ...(empty.files.length > 0 ? empty.problems : [])],
  };
}

/** Would the project's tsconfig include this file, had it been on disk when the list was read? */
export function includesNewFile(projectFiles: ProjectFiles, path: string): boolean {
  return projectFiles.directories.some((where) => {
    if ('includes' in where) return scanMatcher(where)(path);
    const inside = relative(where.dir, path);
    return inside !== '' && !inside.startsWith('..') && (where.recursive || !inside.includes(sep));
  });
}

function fallback(
  projectDir: string,
  problem: { file: string; code: 'no-tsconfig' | 'empty-tsconfig'; message: (where: string) => string },
): ProjectFiles {
  const root = existsSync(join(projectDir, 'src')) ? join(projectDir, 'src') : projectDir;
  return {
    files: listSourceFiles(root),
    configFiles: [],
    paths: [],
    directories: [{ dir: root, recursive: true }],
    problems: [
      {
        file: problem.file,
        range: ZERO,
        code: problem.code,
        message: problem.message(root === projectDir ? 'the project' : 'src/'),
      },
    ],
  };
}

interface ConfigRead extends ProjectFiles {
  /** The tsconfig is not JSON: its files are guessed, there are no references to follow. */
  readonly unreadable: boolean;
}

/** One tsconfig; when it lists no file of its own, the projects it references. */
function readConfig(tsconfig: string, reader: FileReader, visited: Set<string>, depth: number): ConfigRead {
  visited.add(tsconfig);
  const text = reader.read(tsconfig) ?? '';
  const projectDir = join(tsconfig, '..');
  const json = ts.parseConfigFileTextToJson(tsconfig, text);
  const scans: DirectoryScan[] = [];
  const parsed = ts.parseJsonConfigFileContent(
    json.config ?? {},
    configHost(reader, scans),
    projectDir,
    undefined,
    tsconfig,
  );
  const errors = [...(json.error ? [json.error] : []), ...parsed.errors].filter((d) => d.code !== NO_INPUTS);
  const problems = errors.map((d) => ({
    file: d.file?.fileName ?? tsconfig,
    range: diagnosticRange(d, text),
    code: 'invalid-tsconfig' as const,
    message: `${relative(projectDir, tsconfig)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
  }));
  const baseUrl = parsed.options.baseUrl ?? projectDir;
  const own: ConfigRead = {
    files: json.error ? listSourceFiles(join(projectDir, 'src')) : parsed.fileNames.filter(isSourceFile),
    configFiles: [tsconfig],
    paths: Object.entries(parsed.options.paths ?? {}).map(([pattern, targets]) => ({
      pattern,
      targets: targets.map((t) => join(baseUrl, t)),
    })),
    directories: json.error ? [{ dir: join(projectDir, 'src'), recursive: true }] : scans,
    problems,
    unreadable: json.error !== undefined,
  };
  if (own.files.length > 0 || own.unreadable || depth >= MAX_REFERENCE_DEPTH) return own;
  const referenced = (parsed.projectReferences ?? [])
    .map(ts.resolveProjectReferencePath)
    .filter((path) => !visited.has(path) && reader.read(path) !== undefined);
  return referenced.map((path) => readConfig(path, reader, visited, depth + 1)).reduce(merge, own);
}

function merge(a: ConfigRead, b: ConfigRead): ConfigRead {
  const patterns = new Set(a.paths.map((p) => p.pattern));
  return {
    files: [...a.files, ...b.files],
    configFiles: [...a.configFiles, ...b.configFiles],
    // The first project to map a pattern wins.
    paths: [...a.paths, ...b.paths.filter((p) => !patterns.has(p.pattern))],
    directories: [...a.directories, ...b.directories],
    problems: [...a.problems, ...b.problems],
    unreadable: a.unreadable,
  };
}

/**
 * Reads through the reader (open buffers first); lists directories with the project's matcher
 * of include and exclude patterns, and records each scan, to match new files against later.
 */
function configHost(reader: FileReader, scans: DirectoryScan[]): ts.ParseConfigHost {
  return {
    useCaseSensitiveFileNames: true,
    readDirectory: (root, extensions, excludes, includes) => {
      const scan = { root, extensions, excludes, includes };
      scans.push(scan);
      return listScan(scan);
    },
    fileExists: (path) => reader.read(path) !== undefined,
    readFile: (path) => reader.read(path),
  };
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function diagnosticRange(diagnostic: ts.Diagnostic, text: string): Range {
  if (diagnostic.start === undefined) return ZERO;
  const sf = diagnostic.file ?? ts.createSourceFile('tsconfig.json', text, ts.ScriptTarget.ES2022);
  const start = sf.getLineAndCharacterOfPosition(diagnostic.start);
  const end = sf.getLineAndCharacterOfPosition(diagnostic.start + (diagnostic.length ?? 0));
  return { start, end };
}
