import { InvalidArgumentException } from '../errors/MessengerException.js';
import { type EventSubscriber, listen } from '../event/EventDispatcher.js';
import { WorkerRunningEvent } from '../event/workerEvents.js';
import type { Logger } from '../log/Logger.js';

/** Stops the worker once the process uses more than `limit` bytes (`consume --memory-limit`), measured as its resident set size. */
export class StopWorkerOnMemoryLimitListener implements EventSubscriber {
  constructor(
    private readonly limit: number,
    private readonly logger?: Logger,
    private readonly memoryResolver: () => number = () => process.memoryUsage.rss(),
  ) {
    if (!(limit > 0)) throw new InvalidArgumentException(`Memory limit must be greater than zero, got ${limit}.`);
  }

  getSubscribedEvents() {
    return [listen(WorkerRunningEvent, (event) => this.onWorkerRunning(event))];
  }

  onWorkerRunning(event: WorkerRunningEvent): void {
    const used = this.memoryResolver();
    if (used <= this.limit) return;
    event.worker.stop(`exceeded ${formatBytes(this.limit)} of memory`);
    this.logger?.log('info', 'Worker stopped due to memory limit of {limit} bytes exceeded ({memory} bytes used)', {
      limit: this.limit,
      memory: used,
    });
  }
}

/** `128M`, `1g`, `512k`, `1048576`: a size in bytes, as PHP's memory_limit and `consume --memory-limit` write it. */
export function parseMemoryLimit(text: string): number {
  const match = /^\s*\+?(\d+(?:\.\d+)?)\s*([kmgt]?)b?\s*$/i.exec(text);
  if (match === null)
    throw new InvalidArgumentException(
      `Invalid memory limit "${text}": use a number of bytes, optionally with K, M, G or T (e.g. 128M).`,
    );
  const power = ' kmgt'.indexOf(match[2]!.toLowerCase() || ' ');
  return Math.floor(Number(match[1]) * 1024 ** power);
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['G', 2 ** 30],
    ['M', 2 ** 20],
    ['K', 2 ** 10],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes} bytes`;
}
