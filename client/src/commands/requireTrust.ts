/**
 * The guard of every command that runs user code (workers, failed messages, counts): they
 * refuse in a restricted workspace even when called directly, not only through the palette,
 * where their `enablement` already hides them.
 */
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';

export function requireTrust(ctx: MessengerContext, what: string): boolean {
  if (ctx.trusted) return true;
  void vscode.window.showWarningMessage(`${what} runs your code: trust this workspace first.`, 'Manage Workspace Trust').then((choice) => {
    if (choice !== undefined) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
