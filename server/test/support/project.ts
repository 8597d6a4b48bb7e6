import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AnalysisResult, Workspace, type WorkspaceOptions } from '../../src/analysis/index.js';

export const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true },
  include: ['src'],
});

/** A throwaway project (paths relative to it); tsconfig.json and package.json unless given. */
export function tempProject(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'messenger-analysis-'));
  const all = { 'tsconfig.json': TSCONFIG, 'package.json': '{ "type": "module" }', ...files };
  for (const [path, content] of Object.entries(all)) {
    if (content === '') continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** framework.messenger YAML from an indented body. */
export function yaml(body: string): string {
  const indented = body
    .replace(/^\n/, '')
    .split('\n')
    .map((l) => (l.trim() === '' ? '' : `    ${l}`))
    .join('\n');
  return `framework:\n  messenger:\n${indented}\n`;
}

export function analyzeProject(
  files: Readonly<Record<string, string>>,
  options: Partial<WorkspaceOptions> = {},
): AnalysisResult & { dir: string } {
  const dir = tempProject(files);
  const result = new Workspace({ projectDir: dir, ...options }).analyze();
  return Object.assign(Object.create(null) as object, result, {
    dir,
    projectModel: result.projectModel,
    positions: result.positions,
  }) as AnalysisResult & { dir: string };
}

/** `code file:line:col` of each diagnostic (1-based), for short assertions. */
export function codes(result: AnalysisResult & { dir: string }, code?: string): string[] {
  return result.diagnostics
    .filter((d) => code === undefined || d.code === code)
    .map(
      (d) =>
        `${d.code} ${d.file.slice(result.dir.length + 1)}:${d.range.start.line + 1}:${d.range.start.character + 1}`,
    );
}

export const RUNTIME =
  "import { AsMessage, AsMessageHandler, createMessenger, Envelope, handle, type MessageBusInterface } from '@messenger-ts/runtime';\n";
