/**
 * Messenger: Start Worker…, Start Worker with Limits…, Stop Worker…, Stop All Workers, Show
 * Worker Output…, Clear Ended Workers. Starting and stopping run user code, so they refuse in a
 * restricted workspace even when called directly (the palette hides them there through their
 * `enablement`). The Workers view calls them with its rows.
 */
import * as vscode from 'vscode';
import type { CommandFactory, MessengerContext } from '../activation/MessengerContext';
import { targetOf } from '../tree/commandTarget';
import { startWorkerForm } from '../views/startWorkerForm';
import { consumableTransports } from '../workers/buildWorkersTree';
import type { ConsumeOptions } from '../workers/consumeArguments';
import type { ManagedWorker } from '../workers/WorkerManager';
import { isLive } from '../workers/workerState';
import { stopAllConfirmation } from '../workers/stopAllConfirmation';
import { requireTrust } from './requireTrust';

/** With ConsumeOptions or a transport's row: starts at once. Without: the form. */
export const startWorker: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<number | undefined> => {
    if (!requireTrust(ctx, 'Starting a worker')) return undefined;
    const transport = targetOf(arg).transport;
    const consume = isConsumeOptions(arg)
      ? arg
      : transport !== undefined
        ? { transports: [transport] }
        : await form(ctx, undefined);
    return consume === undefined ? undefined : start(ctx, consume);
  };

/** The form, preset with the transport of the row it was called on. */
export const startWorkerWithOptions: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<number | undefined> => {
    if (!requireTrust(ctx, 'Starting a worker')) return undefined;
    const consume = await form(ctx, targetOf(arg).transport);
    return consume === undefined ? undefined : start(ctx, consume);
  };

export const stopWorker: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<void> => {
    if (!requireTrust(ctx, 'Stopping a worker')) return;
    const chosen =
      typeof arg === 'number'
        ? arg
        : (targetOf(arg).workerId ??
          (
            await pickWorker(
              ctx.workers.list().filter((w) => isLive(w.process.state)),
              'Worker to stop (it finishes its current message)',
            )
          )?.id);
    if (chosen !== undefined) ctx.workers.stop(chosen);
  };

/** From the palette or the view it asks first; a caller that passes `'all'` or `'ours'` has decided already. */
export const stopAllWorkers: CommandFactory =
  (ctx) =>
  async (scope?: unknown): Promise<void> => {
    if (!requireTrust(ctx, 'Stopping workers')) return;
    const ours = ctx.workers.list().filter((w) => isLive(w.process.state));
    const question = stopAllConfirmation(ours.length);
    const choice =
      scope === 'all'
        ? question.all
        : scope === 'ours'
          ? question.onlyOurs
          : await vscode.window.showWarningMessage(
              question.message,
              { modal: true, detail: question.detail },
              ...question.buttons,
            );
    if (choice === question.onlyOurs) {
      for (const worker of ours) ctx.workers.stop(worker.id);
      return;
    }
    if (choice !== question.all) return;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Messenger: asking every worker to stop…' },
      async () => {
        try {
          await ctx.workers.stopAll();
        } catch (error) {
          void vscode.window.showErrorMessage(`Messenger: stop-workers failed: ${(error as Error).message}`);
        }
      },
    );
  };

export const showWorkerOutput: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<void> => {
    const id =
      typeof arg === 'number'
        ? arg
        : (targetOf(arg).workerId ?? (await pickWorker(ctx.workers.list(), 'Worker whose output to show'))?.id);
    if (id !== undefined && ctx.workerOutput?.show(id) !== true)
      void vscode.window.showInformationMessage(`Messenger: worker #${id} has printed nothing yet.`);
  };

export const clearEndedWorkers: CommandFactory = (ctx) => (): void => ctx.workers.clearEnded();

/** Starts a worker; what prevents it (no CLI, a bad cliCommand, no trust) is shown, not thrown at VS Code. */
function start(ctx: MessengerContext, consume: ConsumeOptions): number | undefined {
  try {
    const worker = ctx.workers.start(consume);
    ctx.log.info(`Started worker #${worker.id} on ${worker.label}.`);
    return worker.id;
  } catch (error) {
    void vscode.window.showErrorMessage(`Messenger: the worker did not start: ${(error as Error).message}`);
    return undefined;
  }
}

async function form(ctx: MessengerContext, transport: string | undefined): Promise<ConsumeOptions | undefined> {
  const known = consumableTransports(ctx.projectModel()?.transports ?? []).map((t) => t.name);
  const first = transport ?? known[0];
  return startWorkerForm({ transports: first === undefined ? [] : [first] }, known);
}

function isConsumeOptions(arg: unknown): arg is ConsumeOptions {
  return arg !== null && typeof arg === 'object' && Array.isArray((arg as { transports?: unknown }).transports);
}

async function pickWorker(workers: readonly ManagedWorker[], placeHolder: string): Promise<ManagedWorker | undefined> {
  if (workers.length <= 1) return workers[0];
  const picked = await vscode.window.showQuickPick(
    workers.map((worker) => ({
      label: `#${worker.id} ${worker.label}`,
      description: worker.process.state.status,
      worker,
    })),
    { placeHolder },
  );
  return picked?.worker;
}
