/** The VS Code side of the failed-message commands: their confirmations, progress and notifications. */
import * as vscode from 'vscode';
import type { Confirmation } from '../failed/actionMessages';

/** The button the user chose to go ahead with (`alternative`: the second one, when there is one), or undefined (cancelled). */
export async function confirm(confirmation: Confirmation): Promise<'confirm' | 'alternative' | undefined> {
  const buttons = [confirmation.confirm, ...(confirmation.alternative === undefined ? [] : [confirmation.alternative])];
  const choice = await vscode.window.showWarningMessage(
    confirmation.message,
    { modal: true, detail: confirmation.detail },
    ...buttons,
  );
  if (choice === undefined) return undefined;
  return choice === confirmation.alternative ? 'alternative' : 'confirm';
}

export async function withProgress(
  title: string,
  cancellable: boolean,
  work: (progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Messenger: ${title}`, cancellable },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      try {
        await work(progress, controller.signal);
      } catch (error) {
        void vscode.window.showErrorMessage(`Messenger: ${(error as Error).message}`);
      }
    },
  );
}

/** Runs `work`; a failure becomes an error notification (not VS Code's generic "command failed") and undefined. */
export async function reported<T>(what: string, work: () => Thenable<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    void vscode.window.showErrorMessage(`Messenger: ${what}: ${(error as Error).message}`);
    return undefined;
  }
}

export function notify(summary: { ok: boolean }, text: string): void {
  if (summary.ok) void vscode.window.showInformationMessage(text);
  else void vscode.window.showWarningMessage(text);
}
