/**
 * The Failed Messages view's search and order: text in the errors or the body, only what failed
 * in the last hour, newest first. Each lists through the CLI (`failed:show --search --since
 * --sort`), so it looks at every message, not only the page loaded. They need trust.
 */
import * as vscode from 'vscode';
import type { CommandFactory, MessengerContext } from '../activation/MessengerContext';
import type { ListQuery } from '../failed/failedCliArgs';
import { requireTrust } from './requireTrust';

/** Asks for the text; a caller that passes it (a string) has chosen already. */
export const searchFailed: CommandFactory =
  (ctx) =>
  async (text?: unknown): Promise<void> => {
    if (!requireTrust(ctx, 'Searching failed messages')) return;
    const search =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: 'Search failed messages',
            prompt: 'Text in their errors or body (ignoring case). Empty: show them all.',
            value: ctx.failed.query.search ?? '',
          });
    if (search !== undefined) await setQuery(ctx, { search: search.trim() === '' ? undefined : search.trim() });
  };

export const showLastHourFailed: CommandFactory = (ctx) => (): Promise<void> => setQuery(ctx, { lastHour: true });
export const showAllTimesFailed: CommandFactory = (ctx) => (): Promise<void> => setQuery(ctx, { lastHour: false });
export const sortFailedNewest: CommandFactory = (ctx) => (): Promise<void> => setQuery(ctx, { newest: true });
export const sortFailedOldest: CommandFactory = (ctx) => (): Promise<void> => setQuery(ctx, { newest: false });

/** Changes the lists' query and the context keys the view's title actions follow. */
export async function setQuery(ctx: MessengerContext, change: Partial<ListQuery>): Promise<void> {
  if (!requireTrust(ctx, 'Listing failed messages')) return;
  const query = { ...ctx.failed.query, ...change };
  await Promise.all([
    vscode.commands.executeCommand('setContext', 'messenger.failedLastHour', query.lastHour === true),
    vscode.commands.executeCommand('setContext', 'messenger.failedNewest', query.newest === true),
    vscode.commands.executeCommand('setContext', 'messenger.failedSearch', (query.search ?? '') !== ''),
  ]);
  await ctx.failed.setQuery(change);
}
