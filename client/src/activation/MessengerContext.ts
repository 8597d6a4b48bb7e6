/**
 * The one object that owns the extension's lifecycles, as rust-analyzer's Ctx does: the
 * output channel, the language client, the workers, the status bar and every disposable.
 * Commands are factories that receive it; deactivation disposes it and nothing else.
 */
import type { ProjectModel } from '@messenger-ts/server/protocol';
import * as vscode from 'vscode';
import type { CliRunOptions } from '../cli/CliRunner';
import { cliTarget, type CliTarget } from '../cli/cliTarget';
import { FailedActions } from '../failed/FailedActions';
import { FailedStore } from '../failed/FailedStore';
import { chooseProject } from '../model/currentProject';
import { ModelStore } from '../model/ModelStore';
import { readSettings, type MessengerSettings } from '../settings/settings';
import { StatsStore } from '../stats/StatsStore';
import { StatsWatcher } from '../stats/StatsWatcher';
import { cliArguments } from '../cli/commandLine';
import type { TreeNode } from '../tree/TreeNode';
import { WorkerManager } from '../workers/WorkerManager';
import type { LanguageServerHandle } from '../languageClient/startLanguageClient';
import type { WorkerOutput } from '../output/workerOutputChannels';
import type { FailedMessagePanel } from '../views/failedMessagePanel';
import type { LiveStats } from '../views/liveStats';

// biome-ignore lint/suspicious/noExplicitAny: VS Code passes commands whatever arguments their callers chose.
export type CommandFactory = (ctx: MessengerContext) => (...args: any[]) => unknown;

export interface MessengerProject {
  readonly folder: vscode.WorkspaceFolder;
  readonly projectDir: string;
  /** The base messenger.yaml; undefined for a project the server found without one. */
  readonly configFile: vscode.Uri | undefined;
}

/** What the cheap file check found (projectDetection.ts), before the model or without it. */
export interface DetectedProject {
  readonly folder: vscode.WorkspaceFolder;
  readonly projectDir: string;
  readonly configFile: string;
}

export class MessengerContext implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private detected: DetectedProject | undefined;
  private currentProject: MessengerProject | undefined;
  /** Workers started from the editor; they only ever start in a trusted workspace. */
  readonly workers: WorkerManager;
  /** The language server's model: the map, the transports to consume, the failure transports. */
  readonly model = new ModelStore();
  /** Queued messages per transport (`messenger stats`, pushed by `stats --watch` while a view shows). */
  readonly stats: StatsStore;
  /** The `messenger stats --watch` process the visible views keep running (views/liveStats.ts). */
  readonly statsWatcher: StatsWatcher;
  /** The failed messages of each failure transport. */
  readonly failed: FailedStore;
  readonly failedActions: FailedActions;
  /** Each view, by id: what it shows now and how to reveal a row (for the test-only commands). */
  readonly views = new Map<
    string,
    { roots(): readonly TreeNode[]; reveal(id: string, expand: number): Thenable<void>; badge?(): number | undefined }
  >();
  /** What was refused for lack of trust, newest last (logged too; the test snapshot reads it). */
  readonly refusals: string[] = [];
  server: LanguageServerHandle | undefined;
  /** Parts of the UI that commands drive; activate() sets them. */
  failedPanel: FailedMessagePanel | undefined;
  /** Which views are visible, and what follows the queues while one is (views/liveStats.ts). */
  live: LiveStats | undefined;
  workerOutput: WorkerOutput | undefined;

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.workers = new WorkerManager(() => this.cli('`messenger consume`'));
    const run = (command: readonly string[]): Promise<unknown> => this.runCli(command);
    this.stats = new StatsStore({ run, trusted: () => this.trusted });
    this.failed = new FailedStore({ run, trusted: () => this.trusted });
    this.failedActions = new FailedActions((command, options) => this.runCli(command, options));
    this.statsWatcher = new StatsWatcher({
      command: () => {
        const target = this.cli('Following the queues (`messenger stats --watch`)');
        const args = cliArguments(target.invocation, ['stats', '--watch'], target.environment);
        return { program: target.invocation.program, args, cwd: target.cwd };
      },
      onStats: (json) => this.stats.push(json),
      onError: (message) => {
        this.log.warn(message);
        this.stats.pushError(message);
      },
    });
    const unfollow = this.model.onDidChange(() => this.updateProject());
    this.push(
      { dispose: () => this.workers.dispose() },
      { dispose: unfollow },
      this.model,
      this.stats,
      this.failed,
      this.statsWatcher,
    );
  }

  /**
   * The one factory of CLI runs (workers included): it refuses in a restricted workspace, with
   * a CliError that says `what` needs trust. Resolved afresh each time, so settings apply at once.
   */
  cli(what: string): CliTarget {
    const settings = this.settings();
    return cliTarget(
      {
        trusted: this.trusted,
        cliCommand: settings.cliCommand,
        environment: settings.environment,
        workspaceFolder: this.folder?.uri.fsPath,
        projectDir: this.project?.projectDir ?? this.folder?.uri.fsPath,
      },
      what,
    );
  }

  /** Runs `messenger <command> --format json` in the project and returns its JSON (see cli()). */
  async runCli(command: readonly string[], options: Omit<CliRunOptions, 'cwd' | 'environment'> = {}): Promise<unknown> {
    const target = this.cli(`\`messenger ${command[0] ?? ''}\``);
    return target.runner.run(command, { ...options, cwd: target.cwd, environment: target.environment });
  }

  /** Something this extension did changed the queues: the live watch sees it; without one, count once. */
  countsChanged(): void {
    if (!this.statsWatcher.running) void this.stats.refresh();
  }

  get project(): MessengerProject | undefined {
    return this.currentProject;
  }

  /** The model of the current project, once the server has sent it. */
  projectModel(): ProjectModel | undefined {
    return this.model.project(this.currentProject?.projectDir);
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** Records a refusal for lack of trust (the command shows it). */
  refused(message: string): void {
    this.refusals.push(message);
    if (this.refusals.length > 20) this.refusals.shift();
    this.log.info(`Refused in a restricted workspace: ${message}`);
  }

  /** The folder commands run in: the project's, else the first workspace folder. */
  get folder(): vscode.WorkspaceFolder | undefined {
    return this.currentProject?.folder ?? vscode.workspace.workspaceFolders?.[0];
  }

  settings(): MessengerSettings {
    return readSettings(this.folder);
  }

  setDetectedProject(detected: DetectedProject | undefined): void {
    this.detected = detected;
    this.updateProject();
  }

  registerCommand(name: string, factory: CommandFactory): void {
    this.push(vscode.commands.registerCommand(name, factory(this)));
  }

  push(...disposables: vscode.Disposable[]): void {
    this.disposables.push(...disposables);
  }

  /** Disposes in reverse order of creation, so nothing outlives what it depends on. */
  async dispose(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop().catch((error: unknown) => this.log.warn(`Stopping the language server: ${String(error)}`));
    for (const disposable of this.disposables.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch (error) {
        this.log.warn(`Disposing: ${String(error)}`);
      }
    }
  }

  /** The model's project once the server has one; until then, the file check's. */
  private updateProject(): void {
    const next = this.projectFromModel() ?? this.projectFromDetection();
    const changed = (this.currentProject === undefined) !== (next === undefined);
    this.currentProject = next;
    if (changed) void vscode.commands.executeCommand('setContext', 'messenger.hasConfig', next !== undefined);
  }

  private projectFromModel(): MessengerProject | undefined {
    const chosen = chooseProject(this.model.projects, this.currentProject?.projectDir, this.detected?.projectDir);
    const folder = chosen && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(chosen.projectDir));
    if (chosen === undefined || folder === undefined) return undefined;
    return {
      folder,
      projectDir: chosen.projectDir,
      configFile: chosen.configFile === undefined ? undefined : vscode.Uri.file(chosen.configFile),
    };
  }

  private projectFromDetection(): MessengerProject | undefined {
    const detected = this.detected;
    return (
      detected && {
        folder: detected.folder,
        projectDir: detected.projectDir,
        configFile: vscode.Uri.file(detected.configFile),
      }
    );
  }
}
