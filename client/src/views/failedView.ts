/**
 * The Failed Messages view: the failure transports of the model, each with its count and a
 * page of messages (buildFailedTree over FailedStore). Refreshed when the model's failure
 * transports change, when a worker sends a message to one, after a retry or a removal, when
 * trust is granted, and on demand. Its badge and the status bar show how many failed.
 * Empty in a restricted workspace, so the welcome view explains why.
 */
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';
import { buildFailedTree } from '../failed/buildFailedTree';
import { failureTransportNames } from '../map/transportNodes';
import type { MessengerStatusBar } from '../statusBar/statusBar';
import { failedCount } from '../statusBar/failedCount';
import type { TreeNode } from '../tree/TreeNode';
import { TreeNodeProvider } from './TreeNodeProvider';

const FAILED_VIEW = 'messenger.failed';

export function registerFailedView(ctx: MessengerContext, statusBar: MessengerStatusBar): TreeNodeProvider {
  const provider = new TreeNodeProvider(() =>
    ctx.trusted ? buildFailedTree(ctx.failed.transports, ctx.failed.grouped, Date.now()) : [],
  );
  // Several messages can be selected, then retried or removed together.
  const view = vscode.window.createTreeView<TreeNode>(FAILED_VIEW, {
    treeDataProvider: provider,
    showCollapseAll: true,
    canSelectMany: true,
  });
  ctx.views.set(FAILED_VIEW, {
    roots: () => provider.roots(),
    reveal: (id, expand) => provider.reveal(view, id, expand),
    badge: () => view.badge?.value,
  });
  const failureTransports = (): string[] => {
    const project = ctx.projectModel();
    return project === undefined ? [] : [...failureTransportNames(project)];
  };
  const show = (): void => {
    provider.refresh();
    const total = ctx.trusted ? failedCount(ctx.failed.total(), ctx.stats.counts, failureTransports()) : undefined;
    statusBar.update({ failedMessages: total });
    // The one badge of the container: VS Code adds up every view's, so the others have none.
    view.badge =
      total === undefined || total === 0
        ? undefined
        : { value: total, tooltip: `${total.toLocaleString('en-US')} failed message${total === 1 ? '' : 's'}` };
  };
  const modelChanged = (): void => {
    if (ctx.failed.setTransports(failureTransports())) void ctx.failed.refresh();
  };
  ctx.live?.setVisible(FAILED_VIEW, view.visible);
  ctx.push(
    provider,
    view,
    view.onDidChangeVisibility(({ visible }) => ctx.live?.setVisible(FAILED_VIEW, visible)),
    { dispose: ctx.failed.onDidChange(show) },
    { dispose: ctx.stats.onDidChange(show) },
    { dispose: ctx.model.onDidChange(modelChanged) },
    view.onDidExpandElement(({ element }) => {
      const { transport, filter } = element.data ?? {};
      if (element.contextValue === 'failedClass' && typeof transport === 'string' && typeof filter === 'string')
        void ctx.failed.openGroup(transport, filter);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      show();
      void ctx.failed.refresh();
    }),
  );
  return provider;
}
