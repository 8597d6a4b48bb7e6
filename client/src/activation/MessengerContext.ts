/**
 * The one object that owns the extension's lifecycles, as rust-analyzer's Ctx does: the
 * output channel, the language client, the workers, the status bar and every disposable.
 * Commands are factories that receive it; deactivation disposes it and nothing else.
 */
import * as vscode from 'vscode';
import { CliError } from '../cli/CliError';
import { CliRunner, type CliRunOptions } from '../cli/CliRunner';
import { resolveCliInvocation } from '../cli/commandLine';
import { configFileFor, projectDirForConfig } from '../config/projectLayout';
import { FailedActions } from '../failed/FailedActions';
import { FailedStore } from '../failed/FailedStore';
import { ModelStore } from '../model/ModelStore';
import { readSettings, type MessengerSettings } from '../settings/settings';
import { StatsStore } from '../stats/StatsStore';
import type { TreeNode } from '../tree/TreeNode';
import { WorkerManager } from '../workers/WorkerManager';
import type { LanguageServerHandle } from '../languageClient/startLanguageClient';
import type { WorkerOutput } from '../output/workerOutputChannels';
import type { FailedMessagePanel } from '../views/failedMessagePanel';

export type CommandFactory = (ctx: MessengerContext) => (...args: any[]) => unknown;

export interface MessengerProject {
  readonly folder: vscode.WorkspaceFolder;
  readonly configFile: vscode.Uri;
  readonly projectDir: string;
}

export class MessengerContext implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly projectListeners = new vscode.EventEmitter<MessengerProject | undefined>();
  private currentProject: MessengerProject | undefined;
  /** Workers started from the editor; they only ever start in a trusted workspace. */
  readonly workers: WorkerManager;
  /** The language server's model: the map, the transports to consume, the failure transports. */
  readonly model = new ModelStore();
  /** Queued messages per transport (`messenger stats`). */
  readonly stats: StatsStore;
  /** The failed messages of each failure transport. */
  readonly failed: FailedStore;
  readonly failedActions: FailedActions;
  /** Each view, by id: what it shows now and how to reveal a row (for the test-only commands). */
  readonly views = new Map<string, { roots(): readonly TreeNode[]; reveal(id: string, expand: number): Thenable<void> }>();
  server: LanguageServerHandle | undefined;
  /** Parts of the UI that commands drive; activate() sets them. */
  failedPanel: FailedMessagePanel | undefined;
  workerOutput: WorkerOutput | undefined;

  /** Fires when messenger.yaml appears, disappears or the settings point elsewhere. */
  readonly onDidChangeProject = this.projectListeners.event;

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.workers = new WorkerManager(() => {
      const settings = this.settings();
      const cwd = this.cwd();
      // The setting is relative to the workspace folder (npm puts node_modules/.bin there, even for a project in a subfolder).
      const invocation = resolveCliInvocation(settings.cliCommand, this.folder?.uri.fsPath ?? cwd);
      return { invocation, cwd, environment: settings.environment || undefined, cli: new CliRunner(invocation) };
    });
    const run = (command: readonly string[]): Promise<unknown> => this.runCli(command);
    this.stats = new StatsStore({ run, trusted: () => this.trusted });
    this.failed = new FailedStore({ run, trusted: () => this.trusted });
    this.failedActions = new FailedActions((command, options) => this.runCli(command, options));
    this.push(this.projectListeners, { dispose: () => this.workers.dispose() }, this.model, this.stats, this.failed);
  }

  /**
   * Runs `messenger <command> --format json` in the project and returns its JSON. The CLI loads
   * the application, i.e. runs the user's code: refused in a restricted workspace, whoever asks.
   */
  async runCli(command: readonly string[], options: Omit<CliRunOptions, 'cwd' | 'environment'> = {}): Promise<unknown> {
    if (!this.trusted) throw new CliError(`\`messenger ${command[0] ?? ''}\` runs your application's code: trust this workspace first.`);
    const settings = this.settings();
    const cwd = this.cwd();
    const runner = new CliRunner(resolveCliInvocation(settings.cliCommand, this.folder?.uri.fsPath ?? cwd));
    return runner.run(command, { ...options, cwd, environment: settings.environment || undefined });
  }

  get project(): MessengerProject | undefined {
    return this.currentProject;
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** The folder commands run in: the project's, else the first workspace folder. */
  get folder(): vscode.WorkspaceFolder | undefined {
    return this.currentProject?.folder ?? vscode.workspace.workspaceFolders?.[0];
  }

  settings(): MessengerSettings {
    return readSettings(this.folder);
  }

  setProject(project: MessengerProject | undefined): void {
    this.currentProject = project;
    void vscode.commands.executeCommand('setContext', 'messenger.hasConfig', project !== undefined);
    this.projectListeners.fire(project);
  }

  /** The expected messenger.yaml of a folder, whether it exists or not. */
  expectedProject(folder: vscode.WorkspaceFolder): MessengerProject {
    const configFile = configFileFor(folder.uri.fsPath, readSettings(folder).configPath);
    return { folder, configFile: vscode.Uri.file(configFile), projectDir: projectDirForConfig(configFile) };
  }

  cwd(): string {
    const folder = this.folder;
    if (folder === undefined) throw new Error('Open a folder first: Messenger works on a workspace folder.');
    return this.currentProject?.projectDir ?? folder.uri.fsPath;
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
}
