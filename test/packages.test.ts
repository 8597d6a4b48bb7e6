/**
 * The published packages as the Node ecosystem sees them: what `npm pack` puts in the tarball,
 * dependencies declared where they are imported, and a consumer project compiled by TypeScript
 * under each module resolution a real project uses (NestJS's classic `node10` included), then
 * run with `require()`.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Project, ts } from 'ts-morph';
import { cleanEnv } from '../client/test/harness/tools.ts';
import { ROOT } from './support/fixtures.js';

interface Manifest {
  name: string;
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  engines?: { node?: string };
  scripts?: Record<string, string>;
  exports?: Record<string, string | Record<string, string>>;
  typesVersions?: Record<string, Record<string, string[]>>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const PUBLISHED = ['runtime', 'server'] as const;
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));

/** The files `npm pack` would put in the tarball (it runs `prepack`, which builds). */
function packedFiles(dir: string): string[] {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts=false'], {
    cwd: join(ROOT, dir),
    env: cleanEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const [report] = JSON.parse(output.slice(output.indexOf('['))) as Array<{ files: Array<{ path: string }> }>;
  return report!.files.map((f) => f.path);
}

/** Every path a consumer can reach through the manifest (main, types, bin, exports, typesVersions). */
function entryPoints(pkg: Manifest): string[] {
  const paths: string[] = [pkg.main, pkg.types, ...Object.values(pkg.bin ?? {})].filter((p) => p !== undefined);
  for (const target of Object.values(pkg.exports ?? {})) {
    if (typeof target === 'string') paths.push(target);
    else for (const [condition, path] of Object.entries(target)) if (condition !== 'source') paths.push(path);
  }
  for (const map of Object.values(pkg.typesVersions ?? {})) paths.push(...Object.values(map).flat());
  return paths.map((p) => p.replace(/^\.\//, ''));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(c|m)?[jt]s$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The packages a folder's modules import (static imports, re-exports, `import('literal')`, `require('literal')`). */
function importedPackages(dirs: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of dirs.flatMap(sourceFiles)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (fileName.startsWith('.') || fileName.startsWith('node:') || builtinModules.includes(fileName)) continue;
      names.add(
        fileName
          .split('/')
          .slice(0, fileName.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    }
  }
  return names;
}

describe('packages', () => {
  for (const dir of PUBLISHED) {
    describe(`@messenger-ts/${dir}`, () => {
      const pkg = manifest(dir);

      it('packs its README, LICENSE and every entry point, and no build state', () => {
        assert.equal(pkg.scripts?.['prepack'], 'tsc -b', 'a prepack script builds dist/ before packing');
        const files = packedFiles(dir);
        for (const required of ['package.json', 'README.md', 'LICENSE', ...entryPoints(pkg)])
          assert.ok(files.includes(required), `${required} is in the tarball`);
        assert.deepEqual(
          files.filter((f) => f.endsWith('.tsbuildinfo')),
          [],
        );
      });

      it('gives every subpath export its types for moduleResolution node10 (typesVersions)', () => {
        const subpaths = Object.keys(pkg.exports ?? {})
          .filter((key) => key !== '.' && !key.endsWith('.json'))
          .map((key) => key.slice(2));
        assert.deepEqual(Object.keys(pkg.typesVersions?.['*'] ?? {}).sort(), subpaths.sort());
      });

      it('states the Node versions where both import and require() work', () => {
        // require() of ES modules works without a flag from 20.19 and 22.12 (checked on 20.12.2,
        // 20.19.0, 22.11.0 and 22.12.0 when this was written).
        assert.equal(pkg.engines?.node, '^20.19.0 || >=22.12.0');
      });

      it('declares every package its code imports, and only those, as dependencies', () => {
        const imported = importedPackages([join(ROOT, dir, 'src'), join(ROOT, dir, 'bin')]);
        imported.delete(pkg.name);
        assert.deepEqual([...imported].sort(), Object.keys(pkg.dependencies ?? {}).sort());
      });
    });
  }

  it('the extension declares what it bundles (vscode itself comes from the editor)', () => {
    const pkg = manifest('client');
    const declared = new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }));
    const missing = [...importedPackages([join(ROOT, 'client/src')])].filter(
      (name) => !declared.has(name) && !(name === 'vscode' && declared.has('@types/vscode')),
    );
    assert.deepEqual(missing, []);
  });

  describe('a consumer project', () => {
    const project = mkdtempSync(join(tmpdir(), 'messenger-consumer-'));
    after(() => rmSync(project, { recursive: true, force: true }));
    mkdirSync(join(project, 'node_modules', '@messenger-ts'), { recursive: true });
    mkdirSync(join(project, 'node_modules', '@types'));
    for (const dir of PUBLISHED)
      symlinkSync(join(ROOT, dir), join(project, 'node_modules', '@messenger-ts', dir), 'dir');
    symlinkSync(join(ROOT, 'node_modules/@types/node'), join(project, 'node_modules/@types/node'), 'dir');
    writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
    writeFileSync(
      join(project, 'index.ts'),
      [
        "import { createMessenger, Envelope, HandledStamp } from '@messenger-ts/runtime';",
        "import { InMemoryTransport } from '@messenger-ts/runtime/testing';",
        "import type { Workspace } from '@messenger-ts/server/analysis';",
        "import type { ModelResult } from '@messenger-ts/server/protocol';",
        'export type Used = Workspace | ModelResult;',
        "const envelope: Envelope = Envelope.wrap({ id: 1 }, [new HandledStamp(2, 'Handler')]);",
        'export const summary = [typeof createMessenger, typeof InMemoryTransport, envelope.last(HandledStamp)?.result];',
        '',
      ].join('\n'),
    );

    /** Compiles index.ts (and emits it to out/ unless noEmit); returns the errors. */
    const compile = (options: ts.CompilerOptions): string[] => {
      const program = new Project({
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          strict: true,
          types: ['node'],
          outDir: join(project, 'out'),
          ...options,
        },
      });
      program.addSourceFileAtPath(join(project, 'index.ts'));
      const emitted = options.noEmit ? [] : program.emitSync().getDiagnostics();
      const host = {
        getCanonicalFileName: (f: string) => f,
        getCurrentDirectory: () => project,
        getNewLine: () => '\n',
      };
      return [...program.getPreEmitDiagnostics(), ...emitted].map((d) => ts.formatDiagnostic(d.compilerObject, host));
    };

    it('finds the types with moduleResolution node10 (CommonJS, as NestJS compiles) and runs with require()', () => {
      const errors = compile({
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        ignoreDeprecations: '6.0',
      });
      assert.deepEqual(errors, []);
      const script = "console.log(JSON.stringify(require('./out/index.js').summary))";
      const run = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '-e', script], {
        cwd: project,
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, '["function","function",2]\n');
    });

    for (const [name, resolution] of [
      ['nodenext', ts.ModuleResolutionKind.NodeNext],
      ['bundler', ts.ModuleResolutionKind.Bundler],
    ] as const) {
      it(`finds the types with moduleResolution ${name}`, () => {
        const module = resolution === ts.ModuleResolutionKind.NodeNext ? ts.ModuleKind.NodeNext : ts.ModuleKind.ESNext;
        assert.deepEqual(compile({ module, moduleResolution: resolution, noEmit: true }), []);
      });
    }
  });
});
