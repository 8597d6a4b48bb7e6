/**
 * Messenger: Start Worker…, Stop Worker…, Stop All Workers. They run user code, so they
 * refuse in a restricted workspace even when called directly (the palette hides them there
 * through their `enablement`). The Workers view reuses them with its own arguments.
 */
import * as vscode from 'vscode';
import type { CommandFactory, MessengerContext } from '../activation/MessengerContext';
import type { ConsumeOptions } from '../workers/consumeArguments';
import type { ManagedWorker } from '../workers/WorkerManager';
import { isLive } from '../workers/workerState';

export const startWorker: CommandFactory = (ctx) => async (options?: ConsumeOptions): Promise<number | undefined> => {
  if (!requireTrust(ctx, 'Starting a worker')) return undefined;
  const consume = options ?? (await askConsumeOptions());
  if (consume === undefined) return undefined;
  const worker = ctx.workers.start(consume);
  ctx.log.info(`Started worker #${worker.id} on ${worker.label}.`);
  return worker.id;
};

export const stopWorker: CommandFactory = (ctx) => async (id?: number): Promise<void> => {
  const workers = ctx.workers;
  const chosen = id ?? (await pickLiveWorker(workers.list()))?.id;
  if (chosen !== undefined) workers.stop(chosen);
};

export const stopAllWorkers: CommandFactory = (ctx) => async (): Promise<void> => {
  if (!requireTrust(ctx, 'Stopping workers')) return;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Messenger: asking every worker to stop…' }, async () => {
    try {
      await ctx.workers.stopAll();
    } catch (error) {
      void vscode.window.showErrorMessage(`Messenger: stop-workers failed: ${(error as Error).message}`);
    }
  });
};

function requireTrust(ctx: MessengerContext, what: string): boolean {
  if (ctx.trusted) return true;
  void vscode.window.showWarningMessage(`${what} runs your code: trust this workspace first.`, 'Manage Workspace Trust').then((choice) => {
    if (choice !== undefined) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

async function askConsumeOptions(): Promise<ConsumeOptions | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'Start a worker',
    prompt: 'Transports to consume, in priority order (messenger consume <transports>)',
    value: 'async',
    validateInput: (value) => (value.trim() === '' ? 'Name at least one transport.' : undefined),
  });
  return answer === undefined ? undefined : { transports: answer.split(/[\s,]+/).filter((t) => t !== '') };
}

async function pickLiveWorker(workers: readonly ManagedWorker[]): Promise<ManagedWorker | undefined> {
  const live = workers.filter((w) => isLive(w.process.state));
  if (live.length <= 1) return live[0];
  const picked = await vscode.window.showQuickPick(live.map((worker) => ({ label: `#${worker.id} ${worker.label}`, description: worker.process.state.status, worker })), { placeHolder: 'Worker to stop (it finishes its current message)' });
  return picked?.worker;
}
