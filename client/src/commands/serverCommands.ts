/** Messenger: Show Logs, Messenger: Restart Language Server. */
import * as vscode from 'vscode';
import type { CommandFactory } from '../activation/MessengerContext';

export const showLogs: CommandFactory = (ctx) => (): void => ctx.log.show(true);

export const restartServer: CommandFactory = (ctx) => async (): Promise<void> => {
  if (ctx.server === undefined) {
    void vscode.window.showWarningMessage('The Messenger language server is not running.');
    return;
  }
  ctx.log.info('Restarting the language server.');
  await ctx.server.restart();
};
