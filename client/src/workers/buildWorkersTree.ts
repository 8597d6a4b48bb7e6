/**
 * The Workers view: one row per transport that can be consumed (every transport of the model
 * but sync://), with the workers started on it below, live or ended. A worker's row says what
 * it is doing (running, idle, stopping), what it did (handled, failed) and for how long; an
 * ended worker stays, with why it ended, until "Clear Ended Workers".
 */
import type { TransportModel } from '@messenger-ts/server/protocol';
import { maskText } from '../masking/maskCredentials';
import { count, type TreeNode } from '../tree/TreeNode';
import type { ConsumeOptions } from './consumeArguments';
import { formatDuration } from './formatDuration';
import { isLive, uptimeMs, type WorkerState, type WorkerStatus } from './workerState';

export interface WorkerSnapshot {
  readonly id: number;
  readonly label: string;
  readonly options: ConsumeOptions;
  readonly state: WorkerState;
  readonly pid?: number;
}

/** Transports a worker can consume: sync:// handles on dispatch and has nothing to receive. */
export function consumableTransports(transports: readonly TransportModel[]): TransportModel[] {
  return transports.filter((t) => t.scheme !== 'sync');
}

export function buildWorkersTree(
  transports: readonly TransportModel[],
  workers: readonly WorkerSnapshot[],
  now: number,
): TreeNode[] {
  const rows = new Map<string, { transport?: TransportModel; workers: WorkerSnapshot[] }>();
  for (const transport of consumableTransports(transports)) rows.set(transport.name, { transport, workers: [] });
  for (const worker of workers) {
    // A worker on several transports is listed under the first, the one it drains first.
    const first = worker.options.transports[0] ?? worker.label;
    const row = rows.get(first) ?? { workers: [] };
    row.workers.push(worker);
    rows.set(first, row);
  }
  return [...rows].map(([name, row]) => transportRow(name, row.transport, row.workers, now));
}

function transportRow(
  name: string,
  transport: TransportModel | undefined,
  workers: readonly WorkerSnapshot[],
  now: number,
): TreeNode {
  const live = workers.filter((w) => isLive(w.state));
  const handled = live.reduce((sum, w) => sum + w.state.handled, 0);
  const description =
    live.length === 0
      ? 'not running'
      : `${count(live.length, 'worker')} running · ${handled.toLocaleString('en-US')} handled`;
  return {
    id: `transport:${name}`,
    label: name,
    description,
    tooltip: `Transport ${name}${transport ? `\n${maskText(transport.dsn)}` : ''}\n${description}\nStart a worker: messenger consume ${name}`,
    icon: live.length > 0 ? 'run-all' : 'database',
    iconColor: live.length > 0 ? 'testing.iconPassed' : undefined,
    contextValue: live.length > 0 ? 'consumable.running' : 'consumable',
    expanded: workers.length > 0,
    data: { transport: name },
    children: [...workers].sort((a, b) => b.id - a.id).map((worker) => workerRow(worker, now)),
  };
}

const STATUS_ICONS: Readonly<Record<WorkerStatus, { readonly icon: string; readonly color?: string }>> = {
  starting: { icon: 'loading~spin' },
  running: { icon: 'sync~spin', color: 'testing.iconPassed' },
  idle: { icon: 'circle-large-outline', color: 'testing.iconPassed' },
  stopping: { icon: 'debug-pause' },
  stopped: { icon: 'circle-slash' },
  crashed: { icon: 'error', color: 'errorForeground' },
};

function workerRow(worker: WorkerSnapshot, now: number): TreeNode {
  const { state } = worker;
  const live = isLive(state);
  const icon = STATUS_ICONS[state.status];
  return {
    id: `worker:${worker.id}`,
    label: `#${worker.id} ${worker.label}`,
    description: workerSummary(state, now),
    tooltip: workerTooltip(worker, now),
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: live ? 'worker.live' : 'worker.ended',
    command: { id: 'messenger.showWorkerOutput', title: 'Show Output', args: [worker.id] },
    data: { workerId: worker.id },
  };
}

/** `running · 3 handled · 1 failed · 2m 05s`, or `crashed: exit code 1: …` once it ended. */
function workerSummary(state: WorkerState, now: number): string {
  const counts = [
    `${state.handled.toLocaleString('en-US')} handled`,
    state.failed > 0 ? `${state.failed.toLocaleString('en-US')} failed` : '',
  ];
  if (!isLive(state))
    return [`${state.status}: ${maskText(state.exit?.reason ?? 'ended')}`, ...counts]
      .filter((p) => p !== '')
      .join(' · ');
  const doing = state.status === 'running' && state.current ? `handling ${state.current.messageClass}` : state.status;
  return [doing, ...counts, formatDuration(uptimeMs(state, now))].filter((p) => p !== '').join(' · ');
}

function workerTooltip(worker: WorkerSnapshot, now: number): string {
  const { state, options } = worker;
  return [
    `Worker #${worker.id}: messenger consume ${options.transports.join(' ')}${worker.pid ? ` (pid ${worker.pid})` : ''}`,
    `Status: ${state.status}${state.exit ? ` (${maskText(state.exit.reason)})` : ''}`,
    `Received ${state.received}, handled ${state.handled}, failed ${state.failed}, retried ${state.retried}`,
    `Uptime: ${formatDuration(uptimeMs(state, now))}`,
    state.stopsWhen.length > 0 ? `Stops once it has ${state.stopsWhen.join(' or ')}` : '',
    state.current ? `Handling ${state.current.messageClass} for ${formatDuration(now - state.current.since)}` : '',
    state.lastError ? `Last error: ${state.lastError.class}: ${maskText(state.lastError.message)}` : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}
