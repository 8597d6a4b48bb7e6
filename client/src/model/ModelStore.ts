/**
 * The language server's model of the project, kept for the views: asked once when the server
 * is ready and again on each `messenger/modelChanged` notification (never polled). The client
 * re-analyses nothing; the map, the Workers view and the Failed Messages view all read this.
 */
import type { ModelResult, ProjectModel } from '@messenger-ts/server/protocol';
import { Listeners } from '../async/Listeners';
import { SerialTask } from '../async/SerialTask';

/** What the store needs from the language server (LanguageServerHandle implements it). */
export interface ModelSource {
  requestModel(): Promise<ModelResult>;
  /** Returns what stops listening. */
  onModelChanged(listener: () => void): { dispose(): void };
}

export type ModelStatus = 'waiting' | 'loading' | 'ready' | 'failed';

export class ModelStore {
  private result: ModelResult | undefined;
  private failure: string | undefined;
  private source: ModelSource | undefined;
  private subscription: { dispose(): void } | undefined;
  private readonly changes = new Listeners();
  private readonly fetch = new SerialTask(() => this.load());

  get status(): ModelStatus {
    if (this.result !== undefined) return 'ready';
    if (this.failure !== undefined) return 'failed';
    return this.source === undefined ? 'waiting' : 'loading';
  }

  get error(): string | undefined {
    return this.failure;
  }

  get version(): number | undefined {
    return this.result?.version;
  }

  get projects(): readonly ProjectModel[] {
    return this.result?.projects ?? [];
  }

  /** The project at `projectDir` (the one the CLI runs in), else the only or first one. */
  project(projectDir?: string): ProjectModel | undefined {
    const projects = this.projects;
    return projects.find((p) => p.projectDir === projectDir) ?? projects[0];
  }

  onDidChange(listener: () => void): () => void {
    return this.changes.subscribe(listener);
  }

  /** Starts following a (new) server: asks for the model now and after each change. */
  attach(source: ModelSource): Promise<void> {
    this.subscription?.dispose();
    this.source = source;
    this.subscription = source.onModelChanged(() => void this.refresh());
    return this.refresh();
  }

  refresh(): Promise<void> {
    return this.source === undefined ? Promise.resolve() : this.fetch.request();
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changes.clear();
  }

  private async load(): Promise<void> {
    const source = this.source;
    if (source === undefined) return;
    try {
      // Requests run one at a time (SerialTask), so answers arrive in order: the last is the newest.
      this.result = await source.requestModel();
      this.failure = undefined;
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
    }
    this.changes.fire();
  }
}
