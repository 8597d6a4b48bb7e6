/** Every `Messenger: …` command of the palette, by id. Each file holds the factories of one concern. */
import type { CommandFactory, MessengerContext } from '../activation/MessengerContext';
import { createConfig } from './createConfig';
import {
  clearFailedFilter,
  filterFailedByClass,
  groupFailedByClass,
  loadMoreFailed,
  refreshFailed,
  removeAllFailed,
  removeFailedMessage,
  retryAllFailed,
  retryFailedMessage,
  showFailedMessage,
  ungroupFailed,
} from './failedCommands';
import {
  searchFailed,
  showAllTimesFailed,
  showLastHourFailed,
  sortFailedNewest,
  sortFailedOldest,
} from './failedQueryCommands';
import { showLocations } from './locationCommands';
import { refreshMap } from './mapCommands';
import { openConfig } from './openConfig';
import { restartServer, showLogs } from './serverCommands';
import {
  clearEndedWorkers,
  showWorkerOutput,
  startWorker,
  startWorkerWithOptions,
  stopAllWorkers,
  stopWorker,
} from './workerCommands';

const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'messenger.createConfig': createConfig,
  'messenger.openConfig': openConfig,
  'messenger.refreshMap': refreshMap,
  'messenger.startWorker': startWorker,
  'messenger.startWorkerWithOptions': startWorkerWithOptions,
  'messenger.stopWorker': stopWorker,
  'messenger.stopAllWorkers': stopAllWorkers,
  'messenger.showWorkerOutput': showWorkerOutput,
  'messenger.clearEndedWorkers': clearEndedWorkers,
  'messenger.failed.show': showFailedMessage,
  'messenger.failed.retry': retryFailedMessage,
  'messenger.failed.remove': removeFailedMessage,
  'messenger.failed.retryAll': retryAllFailed,
  'messenger.failed.removeAll': removeAllFailed,
  'messenger.failed.filterByClass': filterFailedByClass,
  'messenger.failed.clearFilter': clearFailedFilter,
  'messenger.failed.groupByClass': groupFailedByClass,
  'messenger.failed.ungroup': ungroupFailed,
  'messenger.failed.loadMore': loadMoreFailed,
  'messenger.failed.refresh': refreshFailed,
  'messenger.failed.search': searchFailed,
  'messenger.failed.lastHour': showLastHourFailed,
  'messenger.failed.allTimes': showAllTimesFailed,
  'messenger.failed.newestFirst': sortFailedNewest,
  'messenger.failed.oldestFirst': sortFailedOldest,
  'messenger.showLogs': showLogs,
  'messenger.restartServer': restartServer,
  'messenger.showLocations': showLocations,
};

export function registerCommands(ctx: MessengerContext): void {
  for (const [id, factory] of Object.entries(COMMANDS)) ctx.registerCommand(id, factory);
}
