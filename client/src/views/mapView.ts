/**
 * The Messenger Map view: the language server's model drawn by buildMapTree, redrawn when the
 * server says the model changed (`messenger/modelChanged`), when diagnostics change, and when
 * queued counts arrive (pushed by the live watch while a view shows). It has no badge: the
 * activity bar sums every view's, and the failed messages' is the one that means something
 * there (problems have the Problems panel). The watch starts again when files that decide the
 * transports change on disk (RecountTriggers), never while the user types.
 */
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';
import { debounce } from '../async/SerialTask';
import { buildMapTree } from '../map/buildMapTree';
import { RecountTriggers } from '../stats/recountTriggers';
import type { TreeNode } from '../tree/TreeNode';
import { messengerDiagnostics } from './diagnostics';
import { TreeNodeProvider } from './TreeNodeProvider';

const MAP_VIEW = 'messenger.map';

export function registerMapView(ctx: MessengerContext): TreeNodeProvider {
  const provider = new TreeNodeProvider(() => mapRoots(ctx));
  const view = vscode.window.createTreeView(MAP_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  ctx.views.set(MAP_VIEW, {
    roots: () => provider.roots(),
    reveal: (id, expand) => provider.reveal(view, id, expand),
    badge: () => view.badge?.value,
  });
  const redraw = (): void => provider.refresh();
  // Diagnostics come file by file: redraw once a burst is over.
  const diagnosticsChanged = debounce(redraw, 200);
  // The watch runs the CLI, which loads the application from disk: on saved changes only.
  const countAgain = debounce(() => ctx.live?.configChanged(), 500);
  const triggers = new RecountTriggers();
  const fileChanged = (uri: vscode.Uri): void => {
    if (triggers.fileChanged(uri.fsPath, ctx.model.projects)) countAgain.trigger();
  };
  // Saves in the editor reach the disk, so the watcher sees them as well as outside edits (git checkout…).
  const watcher = vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,.env,.env.*}');
  ctx.live?.setVisible(MAP_VIEW, view.visible);
  ctx.push(
    provider,
    view,
    view.onDidChangeVisibility(({ visible }) => ctx.live?.setVisible(MAP_VIEW, visible)),
    watcher,
    watcher.onDidChange(fileChanged),
    watcher.onDidCreate(fileChanged),
    watcher.onDidDelete(fileChanged),
    { dispose: ctx.model.onDidChange(redraw) },
    { dispose: ctx.stats.onDidChange(redraw) },
    vscode.languages.onDidChangeDiagnostics(() => diagnosticsChanged.trigger()),
    {
      dispose: () => {
        diagnosticsChanged.dispose();
        countAgain.dispose();
      },
    },
  );
  return provider;
}

function mapRoots(ctx: MessengerContext): readonly TreeNode[] {
  const projects = ctx.model.projects;
  if (projects.length === 0) return waiting(ctx);
  return buildMapTree({
    projects,
    stats: ctx.stats.state,
    diagnostics: messengerDiagnostics(),
    workspaceDir: ctx.folder?.uri.fsPath,
  });
}

/** Before the first model: an empty tree shows the welcome view; a failure says what failed. */
function waiting(ctx: MessengerContext): readonly TreeNode[] {
  if (ctx.model.status === 'failed') {
    return [
      {
        id: 'model-error',
        label: 'The language server could not build the map',
        description: ctx.model.error,
        tooltip: ctx.model.error,
        icon: 'warning',
        command: { id: 'messenger.showLogs', title: 'Show Logs' },
      },
    ];
  }
  return [];
}
