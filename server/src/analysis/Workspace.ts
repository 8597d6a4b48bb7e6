import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isConfigFileName, isDotenvFileName } from '@messenger-ts/runtime/layout';
import type { ConfigReadResult } from '@messenger-ts/runtime/rules';
import type { ProjectModel } from '../protocol.js';
import { computeDiagnostics } from './diagnostics/index.js';
import { checkPayload, type PayloadResult } from './diagnostics/payload.js';
import { type Diagnostic, diagnostic, finalize, type SeverityOverrides } from './diagnostics/types.js';
import { type Application, locateApplication } from './model/application.js';
import { assembleModel, type MessageInfo, type Model } from './model/assemble.js';
import { readConfig } from './model/readConfig.js';
import type { ResolutionCache } from './model/ProjectIndex.js';
import { toProjectModel } from './model/toProtocol.js';
import { PositionIndex } from './positions/PositionIndex.js';
import { diskReader, type FileReader, isSourceFile } from './project/files.js';
import { SourceSet } from './project/SourceSet.js';
import { type IgnoredLines, ignoredLines, isIgnored } from './suppress/ignoreComments.js';
import { type PackageSettings, readPackageSettings } from './settings.js';

export interface WorkspaceOptions {
  /** The project root: where package.json, tsconfig.json and config/packages/ are. */
  readonly projectDir: string;
  /** APP_ENV; by default the .env files decide (else `dev`). */
  readonly env?: string;
  /** The messenger config file (relative to the project, or absolute), instead of what createMessenger() says or the default. */
  readonly configFile?: string;
  /** Severity overrides, on top of package.json's `"messenger": { "diagnostics" }`. */
  readonly severities?: SeverityOverrides;
  /** Reads files from disk (tests pass their own). */
  readonly reader?: FileReader;
}

export interface AnalysisResult {
  readonly model: Model;
  /** Sorted, with severity overrides applied. */
  readonly diagnostics: readonly Diagnostic[];
  readonly byFile: ReadonlyMap<string, readonly Diagnostic[]>;
  /** The protocol's JSON model (computed on first use; valid until the next change). */
  projectModel(): ProjectModel;
  /** Positions ↔ model elements, for editor features (built on first use, once per analysis). */
  positions(): PositionIndex;
  /** A file's text as the analysis reads it: the editor's buffer, else the disk (undefined if unreadable). */
  text(file: string): string | undefined;
}

/** Work done so far: what incrementality saves is visible (tests and the benchmark read it). */
export interface WorkspaceStats {
  analyses: number;
  /** Files whose facts were extracted (parsed). */
  extractions: number;
  configReads: number;
  payloadChecks: number;
}

/**
 * One project, analysed incrementally. Facts are extracted once per file version; an edit
 * re-extracts that file only, a YAML or .env edit re-reads the config only, and the
 * cross-file model is reassembled from cached facts. Editors feed unsaved text as overlays.
 * Files on disk are read when something says they changed (an overlay closed, a watched-file
 * event), never cached here: the source set keeps the one copy of each source text it needs.
 */
export class Workspace {
  readonly projectDir: string;
  private options: WorkspaceOptions;
  private readonly overlays = new Map<string, string>();
  private readonly payloads = new Map<string, { readonly result: PayloadResult; readonly registry: string }>();
  private readonly sources: SourceSet;
  private resolutions: ResolutionCache = new Map();
  /** The last config read, and the files it depends on: those it read, and the one it was told to read (it may appear). */
  private config:
    | {
        readonly key: string;
        readonly result: ConfigReadResult;
        readonly stale: boolean;
        readonly inputs: ReadonlySet<string>;
      }
    | undefined;
  /** The last config that parsed, kept while messenger.yaml is being edited into a state that does not. */
  private lastParsedConfig: { readonly key: string; readonly config: ConfigReadResult['config'] } | undefined;
  private packageSettings: PackageSettings | undefined;
  private result: AnalysisResult | undefined;
  /** The last analysis made, even if something changed since (see latest()). */
  private previous: AnalysisResult | undefined;
  private readonly reader: FileReader;
  private readonly workStats = { analyses: 0, configReads: 0, payloadChecks: 0 };
  /** `messenger-ignore-next-line` comments of the files that have diagnostics, until the file changes. */
  private readonly ignores = new Map<string, IgnoredLines>();

  constructor(options: WorkspaceOptions) {
    this.options = options;
    this.projectDir = resolve(options.projectDir);
    const disk = options.reader ?? diskReader;
    this.reader = { read: (path) => this.overlays.get(path) ?? disk.read(path) };
    this.sources = new SourceSet(this.projectDir, this.reader, {
      has: (path) => this.overlays.has(path),
      paths: () => this.overlays.keys(),
    });
  }

  get stats(): WorkspaceStats {
    return { ...this.workStats, extractions: this.sources.extractions };
  }

  /** Changes env, config file or severities; the next analysis uses them. */
  configure(options: Partial<Pick<WorkspaceOptions, 'env' | 'configFile' | 'severities'>>): void {
    this.options = { ...this.options, ...options };
    this.config = undefined;
    this.result = undefined;
  }

  /** Does this file belong to the project (under its directory, outside node_modules)? */
  contains(path: string): boolean {
    return this.sources.contains(path);
  }

  /** An editor buffer: analysed instead of the file on disk. Says whether the analysis may change (for the other methods too). */
  setOverlay(path: string, text: string): boolean {
    if (this.overlays.get(path) === text) return false;
    this.overlays.set(path, text);
    return this.touch(path);
  }

  /** The buffer is closed: the file on disk counts again (read afresh: it may have been saved). */
  removeOverlay(path: string): boolean {
    if (!this.overlays.delete(path)) return false;
    this.sources.closed(path);
    return this.touch(path);
  }

  /** A file changed, appeared or disappeared on disk. */
  fileChanged(path: string, created = false): boolean {
    if (created && isSourceFile(path)) this.sources.invalidateFileList();
    return this.touch(path);
  }

  /** Drops what the file invalidates; false for a file the analysis does not read (nothing to do). */
  private touch(path: string): boolean {
    this.ignores.delete(path);
    if (isSourceFile(path)) this.sources.touch(path);
    else if (this.sources.isConfigFile(path)) this.sources.invalidateFileList();
    else if (path === join(this.projectDir, 'package.json')) this.packageSettings = undefined;
    else if (this.isConfigInput(path)) this.config = undefined;
    else return false;
    this.result = undefined;
    return true;
  }

  /** A file the last config read depends on, or one whose appearance would change it (a new environment's messenger.yaml, a new .env file). */
  private isConfigInput(path: string): boolean {
    const name = basename(path);
    return (
      (this.config?.inputs.has(path) ?? false) ||
      isConfigFileName(name) ||
      isDotenvFileName(name) ||
      dirname(path).endsWith(join('config', 'packages'))
    );
  }

  /**
   * The last analysis made, whatever changed since (its text() reads the current texts); the
   * current one if none was made. For answers that need the project's names, not the positions
   * of this very moment: completion while typing must not force an analysis per keystroke.
   */
  latest(): AnalysisResult {
    return this.result ?? this.previous ?? this.analyze();
  }

  /** The analysis of the current state, recomputed only if something changed since the last one. */
  analyze(): AnalysisResult {
    if (this.result !== undefined) return this.result;
    const update = this.sources.update();
    this.workStats.analyses++;
    if (update.shapeChanged) this.resolutions = new Map();
    const facts = this.sources.facts;
    const settings = (this.packageSettings ??= readPackageSettings(this.projectDir, this.reader));
    const app = locateApplication({
      projectDir: this.projectDir,
      facts,
      classes: this.sources.classes,
      resolver: this.sources.resolver,
      resolutions: this.resolutions,
      app: settings.app,
      exists: (path) => facts.has(path) || this.overlays.has(path) || existsSync(path),
    });
    const { result: config, stale: configStale } = this.configFor(app);
    const model = assembleModel({ projectDir: this.projectDir, facts, app, config, configStale });
    const raw = computeDiagnostics(model, facts.values(), this.payloadCache(model, update));
    const tsconfigProblems = this.sources.problems.map((p) => diagnostic(p.code, p, p.message));
    const diagnostics = this.withoutIgnored(
      finalize([...raw, ...tsconfigProblems, ...this.settingsProblems(settings)], {
        ...settings.severities,
        ...this.options.severities,
      }),
    );
    let projectModel: ProjectModel | undefined;
    let positions: PositionIndex | undefined;
    const result: AnalysisResult = {
      model,
      diagnostics,
      byFile: groupByFile(diagnostics),
      projectModel: () => (projectModel ??= toProjectModel(model, diagnostics)),
      positions: () => (positions ??= PositionIndex.of(model)),
      text: (file) => this.reader.read(file),
    };
    this.result = result;
    this.previous = result;
    return result;
  }

  /** Drops what a `messenger-ignore-next-line` comment on the line before accepts. */
  private withoutIgnored(diagnostics: Diagnostic[]): Diagnostic[] {
    return diagnostics.filter((d) => {
      let ignored = this.ignores.get(d.file);
      if (ignored === undefined) {
        ignored = ignoredLines(this.reader.read(d.file) ?? '');
        this.ignores.set(d.file, ignored);
      }
      return !isIgnored(ignored, d.range.start.line, d.code);
    });
  }

  /** Severity settings of package.json that cannot be used, on its `"diagnostics"` key. */
  private settingsProblems(settings: PackageSettings): Diagnostic[] {
    if (settings.problems.length === 0) return [];
    const file = join(this.projectDir, 'package.json');
    const text = this.reader.read(file) ?? '';
    const offset = Math.max(0, text.indexOf('"diagnostics"'));
    const before = text.slice(0, offset).split('\n');
    const start = { line: before.length - 1, character: before.at(-1)!.length };
    const range = { start, end: { line: start.line, character: start.character + '"diagnostics"'.length } };
    return settings.problems.map((problem) =>
      diagnostic(
        'invalid-setting',
        { file, range },
        `"messenger": { "diagnostics" } in package.json: ${problem}; it is ignored.`,
      ),
    );
  }

  /**
   * messenger.yaml as the application reads it, read again only when its files or what
   * createMessenger() says about it change. While it does not parse (the user is typing), the
   * last config that did stands in, with the current problems: the editor's picture of buses,
   * transports and routes stays put instead of emptying at each keystroke (`stale`).
   */
  private configFor(app: Application): { readonly result: ConfigReadResult; readonly stale: boolean } {
    const input = {
      projectDir: this.projectDir,
      env: this.options.env,
      file: this.options.configFile ?? app.configFile,
      schemes: app.transportFactories?.schemes ?? [],
    };
    const key = JSON.stringify(input);
    if (this.config?.key !== key) {
      this.workStats.configReads++;
      let result = readConfig(input, this.reader);
      let stale = false;
      if (!result.problems.some((problem) => problem.code === 'yaml-syntax'))
        this.lastParsedConfig = { key, config: result.config };
      else if (this.lastParsedConfig?.key === key) {
        result = { config: this.lastParsedConfig.config, problems: result.problems };
        stale = true;
      }
      // The file createMessenger() or the settings name may have any name: it counts as an input by path.
      const inputs = new Set([
        ...result.config.files,
        ...(input.file === undefined ? [] : [resolve(this.projectDir, input.file)]),
      ]);
      this.config = { key, result, stale, inputs };
    }
    return this.config;
  }

  /** Payload checks are kept until a file they read changes, or the set of registered classes does. */
  private payloadCache(
    model: Model,
    update: { changed: ReadonlySet<string>; shapeChanged: boolean },
  ): (info: MessageInfo) => PayloadResult {
    // Registration order is deterministic, so the joined keys identify the set without sorting.
    const registry = model.registry
      .classes()
      .map((cls) => cls.key)
      .join('\n');
    if (update.shapeChanged) this.payloads.clear();
    for (const [key, entry] of this.payloads) {
      if (entry.registry !== registry || readsAny(entry.result.files, update.changed)) this.payloads.delete(key);
    }
    return (info) => {
      const cached = this.payloads.get(info.cls.key);
      if (cached !== undefined) return cached.result;
      const result = checkPayload(model, info);
      this.workStats.payloadChecks++;
      this.payloads.set(info.cls.key, { result, registry });
      return result;
    };
  }
}

function readsAny(files: ReadonlySet<string>, changed: ReadonlySet<string>): boolean {
  if (changed.size === 0) return false;
  for (const file of files) if (changed.has(file)) return true;
  return false;
}

function groupByFile(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  return byFile;
}
