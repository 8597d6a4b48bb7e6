/**
 * Commands for the extension-host test suite only (registered when VS Code runs the
 * extension's tests, never contributed to the palette): they expose what the UI shows and
 * the API cannot read — the status bar item, each view's rows, the failed-message panel — and
 * let the suite press the panel's buttons (the same handler the webview's messages reach).
 */
import * as vscode from 'vscode';
import type { CommandFactory } from '../activation/MessengerContext';
import type { ActivationTiming } from '../activation/activationTiming';
import type { MessengerStatusBar } from '../statusBar/statusBar';
import { type TreeNode, walk } from '../tree/TreeNode';
import type { PanelMessage, PanelSnapshot } from '../views/failedMessagePanel';
import type { ThroughputSnapshot } from '../views/throughputView';
import { toTreeItem } from '../views/toTreeItem';

export interface TestSnapshot {
  readonly activation: ActivationTiming | undefined;
  readonly statusBar: ReturnType<MessengerStatusBar['snapshot']>;
  readonly server: string;
  readonly project: { readonly configFile: string | undefined; readonly projectDir: string } | undefined;
  readonly trusted: boolean;
  readonly modelVersion: number | undefined;
  readonly stats: string;
  /** The last counts, per transport (as the views show them). */
  readonly counts: Readonly<Record<string, number>>;
  /** The live watch (`messenger stats --watch`): whether it runs, and its process (the benchmark measures it). */
  readonly liveWatch: { readonly running: boolean; readonly pid: number | undefined };
  /** The extension host's process id (the benchmark measures its CPU). */
  readonly extensionHostPid: number;
  /** Each view's badge (VS Code adds them up on the activity bar). */
  readonly badges: Readonly<Record<string, number | undefined>>;
  readonly throughput: ThroughputSnapshot | undefined;
  /** `messenger.cliCommand` as the extension reads it (restricted mode: the user's value only). */
  readonly cliCommand: string;
  /** What was refused for lack of trust, newest last. */
  readonly refusals: readonly string[];
  readonly workers: readonly {
    readonly id: number;
    readonly label: string;
    readonly status: string;
    readonly handled: number;
    readonly failed: number;
    readonly exitReason?: string;
  }[];
}

export function testSnapshot(
  statusBar: MessengerStatusBar,
  activation: () => ActivationTiming | undefined,
  throughput: () => ThroughputSnapshot | undefined,
): CommandFactory {
  return (ctx) => (): TestSnapshot => ({
    counts: Object.fromEntries(ctx.stats.counts?.counts ?? []),
    liveWatch: { running: ctx.statsWatcher.running, pid: ctx.statsWatcher.pid },
    extensionHostPid: process.pid,
    badges: Object.fromEntries([...ctx.views].map(([id, view]) => [id, view.badge?.()])),
    throughput: throughput(),
    activation: activation(),
    statusBar: statusBar.snapshot(),
    server: ctx.server?.state() ?? 'stopped',
    project: ctx.project && { configFile: ctx.project.configFile?.fsPath, projectDir: ctx.project.projectDir },
    trusted: ctx.trusted,
    modelVersion: ctx.model.version,
    stats: ctx.stats.state.kind,
    cliCommand: ctx.settings().cliCommand,
    refusals: [...ctx.refusals],
    workers: ctx.workers.list().map((w) => ({
      id: w.id,
      label: w.label,
      status: w.process.state.status,
      handled: w.process.state.handled,
      failed: w.process.state.failed,
      exitReason: w.process.state.exit?.reason,
    })),
  });
}

/** `messenger.test.runCli <command…>`: runs a CLI command through the extension's one factory; its JSON, or the error's message. */
export const testRunCli: CommandFactory =
  (ctx) =>
  async (...command: string[]): Promise<{ readonly json?: unknown; readonly error?: string }> => {
    try {
      return { json: await ctx.runCli(command) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

/** `messenger.test.tree <viewId>`: the rows the view shows now, children included. */
export const testTree: CommandFactory =
  (ctx) =>
  (viewId: string): readonly TreeNode[] => {
    const view = ctx.views.get(viewId);
    if (view === undefined) throw new Error(`No Messenger view ${viewId}.`);
    return view.roots();
  };

export const testPanel: CommandFactory = (ctx) => (): PanelSnapshot | undefined => ctx.failedPanel?.snapshot();

/** `messenger.test.panelMessage {type}`: as if the webview posted it (its Retry and Remove buttons). */
export const testPanelMessage: CommandFactory =
  (ctx) =>
  (message: PanelMessage): Promise<void> | undefined =>
    ctx.failedPanel?.handle(message);

/** `messenger.test.click <viewId> <nodeId>`: runs what clicking the row runs (its TreeItem's command). */
export const testClick: CommandFactory =
  (ctx) =>
  async (viewId: string, nodeId: string): Promise<unknown> => {
    const node = [...walk(ctx.views.get(viewId)?.roots() ?? [])].find((n) => n.id === nodeId);
    if (node === undefined) throw new Error(`No row ${nodeId} in ${viewId}.`);
    const command = toTreeItem(node).command;
    if (command === undefined) throw new Error(`Clicking ${nodeId} does nothing.`);
    return vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
  };

/** `messenger.test.reveal <viewId> <nodeId> <levels>`: opens a row as a user would (the README's screenshots). */
export const testReveal: CommandFactory =
  (ctx) =>
  async (viewId: string, nodeId: string, levels = 1): Promise<void> => {
    const view = ctx.views.get(viewId);
    if (view === undefined) throw new Error(`No Messenger view ${viewId}.`);
    await view.reveal(nodeId, levels);
  };
