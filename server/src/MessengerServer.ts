import { isAbsolute, sep } from 'node:path';
import { type ClientCapabilities, type Diagnostic as LspDiagnostic, ResponseError } from 'vscode-languageserver';
import { type Diagnostic, parseSeverities, type SeverityOverrides, Workspace } from './analysis/index.js';
import { pathOf, toLspDiagnostic, uriOf } from './convert.js';
import { discoverProjects, isProjectDir, projectDirFor } from './analysis/project/projects.js';
import type { DocumentParams, Feature, PositionParams } from './features/index.js';
import { MODEL_CHANGED_NOTIFICATION, type ModelChangedParams, type ModelParams, type ModelResult } from './protocol.js';

/** What the server needs from its client: the connection in main.ts, or a test double. */
export interface ServerClient {
  publishDiagnostics(uri: string, diagnostics: LspDiagnostic[]): void;
  sendNotification(method: string, params: unknown): void;
  log(message: string): void;
  /** Something the user must see: a setting that cannot be used. */
  showWarning(message: string): void;
}

/** The settings of protocol.ts (initializationOptions, workspace/didChangeConfiguration). */
export interface ServerSettings {
  readonly env?: string;
  readonly severities?: SeverityOverrides;
  /** The messenger config file: relative to each project, or absolute (then only for the project containing it). */
  readonly configFile?: string;
}

/**
 * The language server's logic, free of the connection: projects, open documents, incremental
 * analysis, diagnostics publishing and the model request. Nothing is analysed before start().
 * Edits are coalesced: a burst of changes schedules one analysis of the projects it touched,
 * once it pauses (see markDirty).
 */
export class MessengerServer {
  private readonly workspaces = new Map<string, Workspace>();
  private readonly roots: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly published = new Map<string, string>();
  private readonly modelSignatures = new Map<string, string>();
  private settings: ServerSettings = {};
  /** What the client can do, from initialize: features adapt to it. */
  private clientCapabilities: ClientCapabilities = {};
  private timer: NodeJS.Timeout | undefined;
  /** The files changed since the last analysis (see request()). */
  private readonly pendingFiles = new Set<string>();
  /** When the oldest change not analysed yet arrived: a burst waits for quiet, but not forever. */
  private pendingSince: number | undefined;
  /** Analyses wait for start(): the client has the initialize answer before the first (long) analysis. */
  private started = false;
  private modelTimer: NodeJS.Timeout | undefined;
  private readonly modelDirty = new Set<string>();
  private idle: Array<() => void> = [];
  private version = 0;

  constructor(private readonly client: ServerClient) {}

  /** Reads the settings; one that cannot be used is said, not silently ignored. */
  private readSettings(value: unknown): ServerSettings {
    const { settings, problems } = readSettings(value);
    if (problems.length > 0) {
      const message = `Messenger: ignored severity settings: ${problems.join('; ')}.`;
      this.client.log(message);
      this.client.showWarning(message);
    }
    return settings;
  }

  /** Workspace folders as paths or file URIs; finds the messenger projects below them. */
  initialize(roots: readonly string[], settings: unknown, capabilities: ClientCapabilities = {}): void {
    this.settings = this.readSettings(settings);
    this.clientCapabilities = capabilities;
    for (const root of roots) {
      const path = isAbsolute(root) ? root : pathOf(root);
      if (path === undefined) continue;
      this.roots.push(path);
      for (const dir of discoverProjects(path)) this.addProject(dir);
    }
  }

  /** The config file the settings name, if any (for the client's file watchers). */
  get configFile(): string | undefined {
    return this.settings.configFile;
  }

  configure(settings: unknown): void {
    this.settings = this.readSettings(settings);
    for (const [dir, workspace] of this.workspaces) {
      workspace.configure(this.workspaceSettings(dir));
      this.markDirty(dir);
    }
  }

  openDocument(uri: string, text: string): void {
    this.changeDocument(uri, text);
  }

  changeDocument(uri: string, text: string): void {
    const path = pathOf(uri);
    const workspace = path === undefined ? undefined : this.workspaceFor(path, true);
    if (path === undefined || workspace === undefined) return;
    if (workspace.setOverlay(path, text)) this.markDirty(workspace.projectDir, path);
  }

  closeDocument(uri: string): void {
    const path = pathOf(uri);
    const workspace = path === undefined ? undefined : this.workspaceFor(path, false);
    if (path === undefined || workspace === undefined) return;
    if (workspace.removeOverlay(path)) this.markDirty(workspace.projectDir, path);
  }

  /** `workspace/didChangeWatchedFiles`: files saved, created or deleted outside the editor. */
  filesChanged(changes: ReadonlyArray<{ uri: string; created: boolean }>): void {
    for (const change of changes) {
      const path = pathOf(change.uri);
      const workspace = path === undefined ? undefined : this.workspaceFor(path, false);
      if (path === undefined || workspace === undefined) continue;
      if (workspace.fileChanged(path, change.created)) this.markDirty(workspace.projectDir, path);
    }
  }

  /**
   * A feature's request: answered from the analysis of the document's project (of every
   * project, for a workspace feature), pending edits analysed first unless the feature may use
   * the latest analysis; null when no project has it.
   */
  request(feature: Feature, params: unknown): unknown {
    const client = this.clientCapabilities;
    if (feature.scope === 'workspace') {
      this.flush();
      const analyses = [...this.workspaces.values()]
        .map((w) => this.safely(w.projectDir, () => w.analyze()))
        .filter((a) => a !== undefined);
      return this.answering(feature, () => feature.answer(analyses, params, client), null);
    }
    const uri = (params as Partial<DocumentParams> | undefined)?.textDocument?.uri;
    const path =
      feature.scope === 'resolve' ? feature.documentOf(params) : typeof uri === 'string' ? pathOf(uri) : undefined;
    // An item to resolve is answered as it came when its document is no project's.
    const none = feature.scope === 'resolve' ? params : null;
    // Edits of this very document being typed need not be analysed first by a feature that reads its text itself.
    const latest = feature.analysis === 'latest' && [...this.pendingFiles].every((file) => file === path);
    if (!latest) this.flush();
    const workspace = path === undefined ? undefined : this.workspaceFor(path, false);
    if (path === undefined || workspace === undefined) return none;
    const document = { file: path };
    const analysis = this.safely(workspace.projectDir, () => (latest ? workspace.latest() : workspace.analyze()));
    if (analysis === undefined) return none;
    return this.answering(
      feature,
      () => {
        switch (feature.scope) {
          case 'position':
            return feature.answer(analysis, document, (params as PositionParams).position, params, client);
          case 'document':
          case 'resolve':
            return feature.answer(analysis, document, params, client);
        }
      },
      none,
    );
  }

  /** A feature's answer; a refusal meant for the user (a rename to a name that cannot be) is the answer, anything else is a bug, logged. */
  private answering(feature: Feature, answer: () => unknown, fallback: unknown): unknown {
    try {
      return answer() ?? fallback;
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      this.client.log(
        `messenger: ${feature.method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return fallback;
    }
  }

  /** `messenger/model`. */
  model(params: ModelParams | undefined): ModelResult {
    this.flush();
    const filter = params?.projectDir === undefined ? undefined : (pathOf(params.projectDir) ?? params.projectDir);
    const projects = [...this.workspaces.values()]
      .filter((w) => filter === undefined || w.projectDir === filter || w.contains(filter))
      .map((w) => this.safely(w.projectDir, () => w.analyze().projectModel()))
      .filter((m) => m !== undefined);
    return { version: this.version, projects };
  }

  /** Resolves once every scheduled analysis has run and its diagnostics are published (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (!this.started)
      return Promise.reject(new Error('MessengerServer.whenIdle() before start(): nothing is analysed yet.'));
    if (this.timer === undefined && this.modelTimer === undefined && this.dirty.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.modelTimer !== undefined) clearTimeout(this.modelTimer);
    this.timer = undefined;
    this.modelTimer = undefined;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private addProject(dir: string): Workspace {
    let workspace = this.workspaces.get(dir);
    if (workspace === undefined) {
      workspace = new Workspace({ projectDir: dir, ...this.workspaceSettings(dir) });
      this.workspaces.set(dir, workspace);
      this.markDirty(dir);
    }
    return workspace;
  }

  /** Severities from the settings win over package.json's, which the workspace reads itself (and again when it changes). */
  private workspaceSettings(dir: string): {
    env: string | undefined;
    configFile: string | undefined;
    severities: SeverityOverrides | undefined;
  } {
    const file = this.settings.configFile;
    const configFile = file !== undefined && isAbsolute(file) && !file.startsWith(dir + sep) ? undefined : file;
    return { env: this.settings.env, configFile, severities: this.settings.severities };
  }

  /** The project of a file: the deepest one containing it; an opened file may reveal a new project. */
  private workspaceFor(path: string, create: boolean): Workspace | undefined {
    let best: Workspace | undefined;
    for (const workspace of this.workspaces.values()) {
      if (workspace.contains(path) && (best === undefined || workspace.projectDir.length > best.projectDir.length))
        best = workspace;
    }
    if (best !== undefined || !create) return best;
    const root = this.roots.find((r) => path.startsWith(r));
    const dir = projectDirFor(path, root);
    // A plain package (no messenger.yaml, no src/messenger.ts) becomes a project only in a workspace that has none.
    if (dir === undefined || (this.workspaces.size > 0 && !isProjectDir(dir))) return undefined;
    return this.addProject(dir);
  }

  /**
   * Schedules the analysis of a project once changes pause. The JSON-RPC library hands over one
   * message per turn of the event loop: analysing on the next turn would analyse (and publish)
   * once per keystroke of a burst. Waiting for EDIT_QUIET_MS without a change coalesces the
   * burst into one analysis of its last version; EDIT_MAX_DELAY_MS bounds the wait while typing
   * goes on. Requests do not wait: they analyse what is pending first.
   */
  private markDirty(dir: string, file?: string): void {
    this.dirty.add(dir);
    // A change of the project as a whole (settings, a new project) is no edit of one document.
    this.pendingFiles.add(file ?? dir);
    if (!this.started) return;
    const now = Date.now();
    this.pendingSince ??= now;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(EDIT_QUIET_MS, this.pendingSince + EDIT_MAX_DELAY_MS - now));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Starts analysing: the projects found at initialize, then as things change (main.ts calls it on `initialized`). */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const dir of [...this.dirty]) this.markDirty(dir);
  }

  /** Runs the pending analyses now and publishes what changed. */
  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingSince = undefined;
    this.pendingFiles.clear();
    const dirs = [...this.dirty];
    this.dirty.clear();
    for (const dir of dirs) {
      const workspace = this.workspaces.get(dir);
      if (workspace === undefined) continue;
      this.version++;
      const result = this.safely(dir, () => workspace.analyze());
      if (result === undefined) continue;
      this.publish(dir, result.byFile);
      this.modelDirty.add(dir);
    }
    this.scheduleModelCheck();
    if (this.modelTimer === undefined) this.settle();
  }

  /**
   * Whether the model changed is checked once typing pauses: building and comparing the
   * model costs more than the diagnostics themselves, and must not delay the next keystroke.
   * The editor features' position index is built then too.
   */
  private scheduleModelCheck(): void {
    if (this.modelDirty.size === 0) return;
    if (this.modelTimer !== undefined) clearTimeout(this.modelTimer);
    this.modelTimer = setTimeout(() => {
      this.modelTimer = undefined;
      this.checkModels();
      if (this.timer === undefined) this.settle();
    }, MODEL_CHECK_DELAY_MS);
  }

  private checkModels(): void {
    const changed: string[] = [];
    for (const dir of this.modelDirty) {
      const workspace = this.workspaces.get(dir);
      const signature =
        workspace === undefined
          ? undefined
          : this.safely(dir, () => {
              const analysis = workspace.analyze();
              // The pause is also when the position index is built: the next hover finds it ready.
              analysis.positions();
              return JSON.stringify(analysis.projectModel());
            });
      if (signature === undefined || this.modelSignatures.get(dir) === signature) continue;
      this.modelSignatures.set(dir, signature);
      changed.push(dir);
    }
    this.modelDirty.clear();
    if (changed.length > 0)
      this.client.sendNotification(MODEL_CHANGED_NOTIFICATION, {
        version: this.version,
        projectDirs: changed,
      } satisfies ModelChangedParams);
  }

  private settle(): void {
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private publish(dir: string, byFile: ReadonlyMap<string, readonly Diagnostic[]>): void {
    const prefix = `${dir}\0`;
    const seen = new Set<string>();
    for (const [file, diagnostics] of byFile) {
      // Diagnostics of the project directory itself (no tsconfig) have no document to go on.
      if (file === dir) continue;
      const uri = uriOf(file);
      const key = prefix + uri;
      seen.add(key);
      const lsp = diagnostics.map(toLspDiagnostic);
      const signature = JSON.stringify(lsp);
      if (this.published.get(key) === signature) continue;
      this.published.set(key, signature);
      this.client.publishDiagnostics(uri, lsp);
    }
    for (const key of this.published.keys()) {
      if (!key.startsWith(prefix) || seen.has(key)) continue;
      this.published.delete(key);
      this.client.publishDiagnostics(key.slice(prefix.length), []);
    }
  }

  /** An analysis bug must never take the server down: log it and keep serving. */
  private safely<T>(dir: string, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      this.client.log(
        `messenger: analysis of ${dir} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return undefined;
    }
  }
}

const MODEL_CHECK_DELAY_MS = 150;
/** Quiet time that ends a burst of edits (messages of a burst arrive well under a millisecond apart). */
const EDIT_QUIET_MS = 3;
/** The longest an edit waits for its analysis while typing goes on. */
const EDIT_MAX_DELAY_MS = 60;

/** initializationOptions, or didChangeConfiguration's `settings` (`{ messenger: { … } }`): every setting, a missing one back to its default. */
function readSettings(value: unknown): { settings: ServerSettings; problems: readonly string[] } {
  const settings = (typeof value === 'object' && value !== null ? value : {}) as { messenger?: unknown };
  const inner = (
    typeof settings.messenger === 'object' && settings.messenger !== null ? settings.messenger : settings
  ) as { env?: unknown; severities?: unknown; configFile?: unknown };
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const { severities, problems } = parseSeverities(inner.severities);
  return { settings: { env: text(inner.env), severities, configFile: text(inner.configFile) }, problems };
}
