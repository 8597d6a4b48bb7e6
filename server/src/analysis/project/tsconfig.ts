import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import type { Range } from '../facts/types.js';
import { type FileReader, isSourceFile, listSourceFiles } from './files.js';

export interface ProjectFiles {
  /** Absolute paths of the TypeScript sources to analyse. */
  readonly files: readonly string[];
  readonly tsconfig: string | undefined;
  /** `paths` mappings, for imports like `@/Message/Foo`. */
  readonly paths: ReadonlyArray<{ readonly pattern: string; readonly targets: readonly string[] }>;
  readonly problems: ReadonlyArray<{ readonly file: string; readonly range: Range; readonly message: string; readonly code: 'invalid-tsconfig' | 'no-tsconfig' }>;
}

const NO_INPUTS = 18003;

/** The files a project's tsconfig.json includes; without one, every .ts file under src/ (else the project). */
export function readProjectFiles(projectDir: string, reader: FileReader): ProjectFiles {
  const tsconfig = join(projectDir, 'tsconfig.json');
  const text = reader.read(tsconfig);
  if (text === undefined) {
    const root = existsSync(join(projectDir, 'src')) ? join(projectDir, 'src') : projectDir;
    return {
      files: listSourceFiles(root),
      tsconfig: undefined,
      paths: [],
      problems: [{ file: projectDir, range: ZERO, code: 'no-tsconfig', message: `No tsconfig.json in ${projectDir}: analysing every .ts file under ${root === projectDir ? 'the project' : 'src/'}.` }],
    };
  }
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: true,
    readDirectory: ts.sys.readDirectory,
    fileExists: (path) => reader.read(path) !== undefined,
    readFile: (path) => reader.read(path),
  };
  const json = ts.parseConfigFileTextToJson(tsconfig, text);
  const parsed = ts.parseJsonConfigFileContent(json.config ?? {}, host, projectDir, undefined, tsconfig);
  const errors = [...(json.error ? [json.error] : []), ...parsed.errors].filter((d) => d.code !== NO_INPUTS);
  const problems = errors.map((d) => ({ file: d.file?.fileName ?? tsconfig, range: diagnosticRange(d, text), code: 'invalid-tsconfig' as const, message: `tsconfig.json: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}` }));
  const files = json.error ? listSourceFiles(join(projectDir, 'src')) : parsed.fileNames.filter(isSourceFile);
  const baseUrl = parsed.options.baseUrl ?? projectDir;
  const paths = Object.entries(parsed.options.paths ?? {}).map(([pattern, targets]) => ({ pattern, targets: targets.map((t) => join(baseUrl, t)) }));
  return { files: [...new Set(files)].sort(), tsconfig, paths, problems };
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function diagnosticRange(diagnostic: ts.Diagnostic, text: string): Range {
  if (diagnostic.start === undefined) return ZERO;
  const sf = diagnostic.file ?? ts.createSourceFile('tsconfig.json', text, ts.ScriptTarget.ES2022);
  const start = sf.getLineAndCharacterOfPosition(diagnostic.start);
  const end = sf.getLineAndCharacterOfPosition(diagnostic.start + (diagnostic.length ?? 0));
  return { start, end };
}
