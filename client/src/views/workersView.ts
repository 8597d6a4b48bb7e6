/**
 * The Workers view: a row per consumable transport of the model, the workers started on it
 * below (buildWorkersTree). Redrawn on every worker state change, and each second while a
 * worker is alive and the view is visible (uptime). Empty in a restricted workspace, so the
 * welcome view explains that workers need trust.
 */
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';
import type { TreeNode } from '../tree/TreeNode';
import { buildWorkersTree, type WorkerSnapshot } from '../workers/buildWorkersTree';
import { TreeNodeProvider } from './TreeNodeProvider';

const WORKERS_VIEW = 'messenger.workers';

export function registerWorkersView(ctx: MessengerContext): TreeNodeProvider {
  const provider = new TreeNodeProvider(() => workersRoots(ctx));
  const view = vscode.window.createTreeView(WORKERS_VIEW, { treeDataProvider: provider });
  ctx.views.set(WORKERS_VIEW, {
    roots: () => provider.roots(),
    reveal: (id, expand) => provider.reveal(view, id, expand),
    badge: () => view.badge?.value,
  });
  let ticker: NodeJS.Timeout | undefined;
  // No badge: the activity bar would add it to the failed messages' (the status bar counts workers).
  ctx.live?.setVisible(WORKERS_VIEW, view.visible);
  const update = (): void => {
    provider.refresh();
    const live = ctx.workers.runningCount();
    ctx.live?.setVisible(WORKERS_VIEW, view.visible);
    const shouldTick = live > 0 && view.visible;
    if (shouldTick && ticker === undefined) ticker = setInterval(() => provider.refresh(), 1000);
    if (!shouldTick && ticker !== undefined) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
  ctx.push(
    provider,
    view,
    view.onDidChangeVisibility(update),
    { dispose: ctx.workers.subscribe({ onDidChange: update, onDidChangeList: update }) },
    { dispose: ctx.model.onDidChange(update) },
    { dispose: ctx.stats.onDidChange(() => provider.refresh()) },
    vscode.workspace.onDidGrantWorkspaceTrust(update),
    { dispose: () => clearInterval(ticker) },
  );
  return provider;
}

function workersRoots(ctx: MessengerContext): readonly TreeNode[] {
  if (!ctx.trusted) return [];
  const transports = ctx.projectModel()?.transports ?? [];
  const workers: WorkerSnapshot[] = ctx.workers
    .list()
    .map((w) => ({ id: w.id, label: w.label, options: w.options, state: w.process.state, pid: w.process.pid }));
  // Until the model arrives (and in a project without transports) the welcome view says how to start one.
  if (transports.length === 0 && workers.length === 0) return [];
  return buildWorkersTree(transports, workers, Date.now(), ctx.stats.counts);
}
