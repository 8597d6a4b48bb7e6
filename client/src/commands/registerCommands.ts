/** Every `Messenger: …` command of the palette, by id. Each file holds the factories of one concern. */
import type { CommandFactory, MessengerContext } from '../activation/MessengerContext';
import { createConfig } from './createConfig';
import { openConfig } from './openConfig';
import { restartServer, showLogs } from './serverCommands';
import { startWorker, stopAllWorkers, stopWorker } from './workerCommands';

export const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'messenger.createConfig': createConfig,
  'messenger.openConfig': openConfig,
  'messenger.startWorker': startWorker,
  'messenger.stopWorker': stopWorker,
  'messenger.stopAllWorkers': stopAllWorkers,
  'messenger.showLogs': showLogs,
  'messenger.restartServer': restartServer,
};

export function registerCommands(ctx: MessengerContext): void {
  for (const [id, factory] of Object.entries(COMMANDS)) ctx.registerCommand(id, factory);
}
