/**
 * One output channel per worker ("Messenger Worker #2: async"), with log levels: the worker's
 * own log records keep their level, stderr is an error, and `messenger.logLevel` decides the
 * least severe level written. Lines are already masked by WorkerProcess.
 */
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';
import { shouldLog } from '../logging/logLevel';
import type { ManagedWorker } from '../workers/WorkerManager';

export interface WorkerOutput {
  /** Shows a worker's channel; false when that worker never had one. */
  show(workerId: number): boolean;
}

export function attachWorkerOutputChannels(ctx: MessengerContext): WorkerOutput {
  const channels = new Map<number, vscode.LogOutputChannel>();
  const channelFor = (worker: ManagedWorker): vscode.LogOutputChannel => {
    let channel = channels.get(worker.id);
    if (channel === undefined) {
      channel = vscode.window.createOutputChannel(`Messenger Worker #${worker.id}: ${worker.label}`, { log: true });
      channels.set(worker.id, channel);
    }
    return channel;
  };
  const unsubscribe = ctx.workers.subscribe({
    onLog: (worker, line) => {
      if (!shouldLog(line.level, ctx.settings().logLevel)) return;
      channelFor(worker)[line.level](line.text);
    },
    onDidChange: (worker, state) => {
      const channel = channelFor(worker);
      if (state.exit !== undefined) channel.info(`Worker ${state.status}: ${state.exit.reason} (handled ${state.handled}, failed ${state.failed}).`);
    },
  });
  ctx.push({ dispose: () => { unsubscribe(); channels.forEach((c) => c.dispose()); } });
  return {
    show: (workerId) => {
      const channel = channels.get(workerId);
      channel?.show(true);
      return channel !== undefined;
    },
  };
}
