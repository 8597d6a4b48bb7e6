/**
 * The worker output channels in VS Code (logging/workerChannels.ts does the work): plain
 * channels in the `log` language, and `messenger.logLevel` read when it changes.
 */
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';
import { WorkerChannels } from '../logging/workerChannels';

export interface WorkerOutput {
  /** Shows a worker's channel; false when that worker never had one. */
  show(workerId: number): boolean;
}

export function attachWorkerOutputChannels(ctx: MessengerContext): WorkerOutput {
  const channels = new WorkerChannels(
    (name) => vscode.window.createOutputChannel(name, 'log'),
    ctx.settings().logLevel,
  );
  const unsubscribe = channels.attach((listener) => ctx.workers.subscribe(listener));
  ctx.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('messenger.logLevel')) channels.setLevel(ctx.settings().logLevel);
    }),
    {
      dispose: () => {
        unsubscribe();
        channels.dispose();
      },
    },
  );
  return channels;
}
