/** Messenger: Refresh Map — asks the server for the model again and recounts the queues (trusted only). */
import type { CommandFactory } from '../activation/MessengerContext';

export const refreshMap: CommandFactory = (ctx) => async (): Promise<void> => {
  ctx.statsWatcher.restart();
  await Promise.all([ctx.model.refresh(), ctx.stats.refresh()]);
};
