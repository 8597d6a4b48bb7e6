/**
 * Keeps the views true while someone looks at them: while any Messenger view is visible (and the
 * workspace trusted, with a project), one `messenger stats --watch` runs (StatsWatcher) and
 * pushes the counts of every transport as they change, whoever changed them; when every view is
 * hidden it is stopped and nothing runs. A change of a failure transport (its count or its
 * revision: a message added or removed) reloads the failed list. A change on disk to the files
 * that decide the transports, or to the settings that decide the CLI, starts a new watch.
 */
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';
import { debounce } from '../async/SerialTask';
import { failureTransportNames } from '../map/transportNodes';
import type { TransportCounts } from '../stats/parseStats';

export interface LiveStats {
  /** A view's visibility changed (its id, whether it shows now). */
  setVisible(view: string, visible: boolean): void;
  /** What decides the transports changed on disk: watch again. */
  configChanged(): void;
}

export function followLiveStats(ctx: MessengerContext): LiveStats {
  const visible = new Set<string>();
  let watchedDir: string | undefined;
  const update = (): void => {
    const wanted = visible.size > 0 && ctx.trusted && ctx.project !== undefined;
    if (!wanted) return ctx.statsWatcher.stop();
    // Another project of the workspace became the current one: watch its transports instead.
    if (watchedDir !== undefined && watchedDir !== ctx.project?.projectDir) ctx.statsWatcher.restart();
    watchedDir = ctx.project?.projectDir;
    ctx.statsWatcher.start();
  };
  const relist = debounce(() => void ctx.failed.refresh(), 300);
  let seen = new Map<string, string>();
  const statsChanged = (): void => {
    const counts = ctx.stats.counts;
    const project = ctx.projectModel();
    if (counts === undefined || project === undefined) return;
    const next = failureKeys(counts, [...failureTransportNames(project)]);
    if ([...next].some(([name, key]) => seen.get(name) !== key)) relist.trigger();
    seen = next;
  };
  ctx.push(
    { dispose: ctx.stats.onDidChange(statsChanged) },
    { dispose: ctx.model.onDidChange(update) },
    vscode.workspace.onDidGrantWorkspaceTrust(update),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('messenger.cliCommand') || event.affectsConfiguration('messenger.environment'))
        ctx.statsWatcher.restart();
    }),
    { dispose: () => relist.dispose() },
  );
  return {
    setVisible: (view, shown) => {
      if (shown) visible.add(view);
      else visible.delete(view);
      update();
    },
    configChanged: () => ctx.statsWatcher.restart(),
  };
}

/** What identifies the contents of each failure transport: its count and revision. */
function failureKeys(counts: TransportCounts, names: readonly string[]): Map<string, string> {
  return new Map(
    names.map((name) => [name, `${counts.counts.get(name) ?? '?'}:${counts.details.get(name)?.revision ?? ''}`]),
  );
}
