/**
 * The early, friendly refusal of commands that run user code (workers, failed messages): a
 * warning with a button to manage trust, even when called directly, not only through the
 * palette (where their `enablement` already hides them). The checkpoint that guarantees it is
 * the CLI factory (MessengerContext.cli): nothing runs without trust, whoever asks.
 */
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';

export function requireTrust(ctx: MessengerContext, what: string): boolean {
  if (ctx.trusted) return true;
  const message = `${what} runs your code: trust this workspace first.`;
  ctx.refused(message);
  void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((choice) => {
    if (choice !== undefined) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
