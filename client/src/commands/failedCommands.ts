/**
 * The failed-message commands: show one (the panel), retry or remove one, retry or remove all
 * (of the class filter or group in effect, after a modal confirmation that says how many),
 * filter by class, group by class, load more, refresh. They run the CLI, so they need trust.
 */
import * as vscode from 'vscode';
import type { CommandFactory, MessengerContext } from '../activation/MessengerContext';
import {
  type BulkAction,
  bulkConfirmation,
  bulkNotice,
  removeConfirmation,
  removeSummary,
  retrySummary,
} from '../failed/actionMessages';
import { parseFailedStats } from '../failed/failedJson';
import { goneAfterRetry, selection } from '../failed/selection';
import { sentence } from '../failed/sentence';
import { type RetryMode, statsArgs } from '../failed/failedCliArgs';
import { originsOf } from '../failed/FailedActions';
import { maskText } from '../masking/maskCredentials';
import { targetOf } from '../tree/commandTarget';
import { setQuery } from './failedQueryCommands';
import { confirm, notify, reported, withProgress } from './failedUi';
import { requireTrust } from './requireTrust';

export const showFailedMessage: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<void> => {
    if (!requireTrust(ctx, 'Showing a failed message')) return;
    const target = targetOf(arg).id !== undefined ? targetOf(arg) : await pickMessage(ctx, 'Failed message to show');
    if (target?.transport !== undefined && target.id !== undefined)
      await ctx.failedPanel?.show(target.transport, target.id);
  };

/** With several rows selected (the view allows it), VS Code passes the clicked row and every selected one. */
export const retryFailedMessage: CommandFactory =
  (ctx) =>
  async (arg?: unknown, selected?: unknown): Promise<void> => {
    if (!requireTrust(ctx, 'Retrying a failed message')) return;
    const several = selection(arg, selected);
    if (several !== undefined) return bulkSelected(ctx, 'retry', several);
    const target = targetOf(arg).id !== undefined ? targetOf(arg) : await pickMessage(ctx, 'Failed message to retry');
    if (target?.transport === undefined || target.id === undefined) return;
    const { transport, id } = target;
    await withProgress(`Retrying failed message #${id}…`, false, async () => {
      const outcome = await ctx.failedActions.retry(transport, [id]);
      ctx.failed.forget(transport, goneAfterRetry(outcome));
      const summary = retrySummary(outcome);
      notify(summary, sentence(`Messenger: retry of #${id}: ${summary.text}`));
    });
    afterChange(ctx);
  };

export const removeFailedMessage: CommandFactory =
  (ctx) =>
  async (arg?: unknown, selected?: unknown): Promise<void> => {
    if (!requireTrust(ctx, 'Removing a failed message')) return;
    const several = selection(arg, selected);
    if (several !== undefined) return bulkSelected(ctx, 'remove', several);
    const target = targetOf(arg).id !== undefined ? targetOf(arg) : await pickMessage(ctx, 'Failed message to remove');
    if (target?.transport === undefined || target.id === undefined) return;
    const { transport, id } = target;
    const confirmation = removeConfirmation(id, target.className ?? 'message', transport);
    if ((await confirm(confirmation)) === undefined) return;
    await withProgress(`Removing failed message #${id}…`, false, async () => {
      const outcome = await ctx.failedActions.remove(transport, [id]);
      ctx.failed.forget(transport, [...outcome.removed, ...outcome.notFound]);
      const summary = removeSummary(outcome);
      notify(summary, sentence(`Messenger: ${summary.text}`));
    });
    afterChange(ctx);
  };

/** Retry or remove the selected messages: confirmed with their number, then acted on as one bulk action. */
async function bulkSelected(
  ctx: MessengerContext,
  action: BulkAction,
  selected: { transport: string; ids: string[] },
): Promise<void> {
  // Where they failed, as far as the view has loaded them (the rows selected are loaded).
  const chosen = new Set(selected.ids);
  const origins = originsOf(
    ctx.failed.get(selected.transport)?.list.messages.filter((m) => m.id !== null && chosen.has(m.id)) ?? [],
  );
  const choice = await confirm(
    bulkConfirmation(action, selected.ids.length, selected.transport, undefined, true, origins),
  );
  if (choice === undefined) return;
  await runBulk(ctx, action, selected.transport, selected.ids, retryMode(choice));
}

export const retryAllFailed: CommandFactory = (ctx) => (arg?: unknown) => bulk(ctx, 'retry', arg);
export const removeAllFailed: CommandFactory = (ctx) => (arg?: unknown) => bulk(ctx, 'remove', arg);

export const filterFailedByClass: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<void> => {
    if (!requireTrust(ctx, 'Listing failed messages')) return;
    const transport = targetOf(arg).transport ?? (await pickFailureTransport(ctx));
    if (transport === undefined) return;
    const stats = await reported(`could not count the failed messages of "${transport}"`, () =>
      vscode.window.withProgress({ location: { viewId: 'messenger.failed' } }, async () =>
        parseFailedStats(await ctx.runCli(statsArgs(transport))),
      ),
    );
    if (stats === undefined) return;
    if (stats.stats.length === 0) {
      void vscode.window.showInformationMessage(`Messenger: "${transport}" holds no failed message.`);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      stats.stats.map((s) => ({
        label: s.class,
        description: `${s.count.toLocaleString('en-US')} message${s.count === 1 ? '' : 's'}`,
      })),
      { title: `Show only the failed messages of one class (${transport})`, placeHolder: 'Message class' },
    );
    if (picked !== undefined) await ctx.failed.setFilter(transport, picked.label);
  };

/** Clears the class filter and the search and the last-hour filter (the order stays). */
export const clearFailedFilter: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<void> => {
    const transport = targetOf(arg).transport;
    const names =
      transport !== undefined
        ? [transport]
        : ctx.failed.transports.filter((t) => t.filter !== undefined).map((t) => t.name);
    await Promise.all(names.map((name) => ctx.failed.setFilter(name, undefined)));
    const { search, lastHour } = ctx.failed.query;
    if (search !== undefined || lastHour) await setQuery(ctx, { search: undefined, lastHour: false });
  };

export const groupFailedByClass: CommandFactory = (ctx) => (): Promise<void> => setGrouped(ctx, true);
export const ungroupFailed: CommandFactory = (ctx) => (): Promise<void> => setGrouped(ctx, false);

export const loadMoreFailed: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<void> => {
    const target = targetOf(arg);
    if (target.transport !== undefined) await ctx.failed.loadMore(target.transport, target.className);
  };

export const refreshFailed: CommandFactory = (ctx) => async (): Promise<void> => {
  if (!requireTrust(ctx, 'Listing failed messages')) return;
  await Promise.all([ctx.failed.refresh(), ctx.stats.refresh()]);
};

async function setGrouped(ctx: MessengerContext, grouped: boolean): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'messenger.failedGrouped', grouped);
  await ctx.failed.setGrouped(grouped);
}

/** Retry all / Remove all: collect the ids, confirm with their number, then act on exactly those. */
async function bulk(ctx: MessengerContext, action: BulkAction, arg: unknown): Promise<void> {
  if (!requireTrust(ctx, action === 'retry' ? 'Retrying failed messages' : 'Removing failed messages')) return;
  const target = targetOf(arg);
  const transport = target.transport ?? (await pickFailureTransport(ctx));
  if (transport === undefined) return;
  const filter = target.filter ?? (target.transport === undefined ? ctx.failed.get(transport)?.filter : undefined);
  const targets = await reported(`could not list the failed messages of "${transport}"`, () =>
    vscode.window.withProgress({ location: { viewId: 'messenger.failed' } }, () =>
      ctx.failedActions.targets(transport, filter),
    ),
  );
  if (targets === undefined) return;
  const { ids, origins } = targets;
  if (ids.length === 0) {
    void vscode.window.showInformationMessage(`Messenger: no failed message to ${action} in "${transport}".`);
    return;
  }
  const choice = await confirm(bulkConfirmation(action, ids.length, transport, filter, false, origins));
  if (choice === undefined) return;
  await runBulk(ctx, action, transport, ids, retryMode(choice));
}

/** A bulk retry's second button sends the messages back for the workers (see bulkConfirmation). */
function retryMode(choice: 'confirm' | 'alternative'): RetryMode {
  return choice === 'alternative' ? 'requeue' : 'handle';
}

async function runBulk(
  ctx: MessengerContext,
  action: BulkAction,
  transport: string,
  ids: readonly string[],
  mode: RetryMode,
): Promise<void> {
  const verb = action === 'remove' ? 'Removing' : mode === 'requeue' ? 'Sending back' : 'Retrying';
  await withProgress(
    `${verb} ${ids.length.toLocaleString('en-US')} failed messages…`,
    true,
    async (progress, signal) => {
      let reported = 0;
      const report = (done: number, total: number): void => {
        const percent = total === 0 ? 100 : (done / total) * 100;
        progress.report({
          message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`,
          increment: percent - reported,
        });
        reported = percent;
      };
      const outcome =
        action === 'retry'
          ? await ctx.failedActions.retry(transport, ids, report, signal, mode)
          : await ctx.failedActions.remove(transport, ids, report, signal);
      ctx.failed.forget(
        transport,
        'results' in outcome ? goneAfterRetry(outcome) : [...outcome.removed, ...outcome.notFound],
      );
      const notice = bulkNotice('results' in outcome ? retrySummary(outcome) : removeSummary(outcome), outcome);
      // The notification cuts long id lists short; the log keeps every id done and not done.
      if (notice.full !== notice.text) ctx.log.info(`${verb} failed messages of "${transport}": ${notice.full}.`);
      notify(notice, sentence(`Messenger: ${notice.text}`));
    },
  );
  afterChange(ctx);
}

function afterChange(ctx: MessengerContext): void {
  void ctx.failed.refresh();
  ctx.countsChanged();
}

async function pickFailureTransport(ctx: MessengerContext): Promise<string | undefined> {
  const names = ctx.failed.transports.map((t) => t.name);
  if (names.length <= 1) {
    if (names.length === 0)
      void vscode.window.showWarningMessage(
        'Messenger: this project has no failure transport (failure_transport in messenger.yaml).',
      );
    return names[0];
  }
  return vscode.window.showQuickPick(names, { placeHolder: 'Failure transport' });
}

/** A message among those the view has loaded. */
async function pickMessage(
  ctx: MessengerContext,
  placeHolder: string,
): Promise<{ transport: string; id: string; className: string } | undefined> {
  const items = ctx.failed.transports.flatMap((t) =>
    t.list.messages
      .filter((m) => m.id !== null)
      .map((m) => ({
        label: m.class,
        description: `#${m.id} · ${t.name}`,
        detail: m.error === null ? undefined : maskText(m.error),
        target: { transport: t.name, id: m.id!, className: m.class },
      })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      'Messenger: no failed message is listed (open the Failed Messages view to load them).',
    );
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true }))
    ?.target;
}
