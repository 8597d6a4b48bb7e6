/**
 * The Workers view: one row per transport that can be consumed (every transport of the model
 * but sync://), with the workers started on it below, live or ended. A worker's row says what
 * it is doing (running, idle, stopping), what it did (handled, failed) and for how long; an
 * ended worker stays, with why it ended, until "Clear Ended Workers".
 */
import type { TransportModel } from '@messenger-ts/server/protocol';
import { maskText } from '../masking/maskCredentials';
import type { TransportCounts } from '../stats/parseStats';
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
  stats?: TransportCounts,
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
  const failureTransports = new Set(transports.map((t) => t.failureTransport));
  return [...rows].map(([name, row]) =>
    transportRow(name, row.transport, row.workers, now, failureTransports.has(name) ? undefined : stats),
  );
}

function transportRow(
  name: string,
  transport: TransportModel | undefined,
  workers: readonly WorkerSnapshot[],
  now: number,
  stats: TransportCounts | undefined,
): TreeNode {
  const live = workers.filter((w) => isLive(w.state));
  // Every worker started here on it, ended ones included: what happened to the transport's messages.
  const sum = (key: 'handled' | 'failed' | 'retried'): number => workers.reduce((total, w) => total + w.state[key], 0);
  const totals = messageCounts(sum('handled'), sum('failed'), sum('retried'));
  const unconsumed = noConsumer(name, live.length, stats);
  const description = [
    unconsumed !== undefined ? unconsumed.short : '',
    live.length === 0 ? 'not running' : `${count(live.length, 'worker')} running`,
    workers.length > 0 ? totals : '',
  ]
    .filter((p) => p !== '')
    .join(' · ');
  return {
    id: `transport:${name}`,
    label: name,
    description,
    tooltip: [
      `Transport "${name}"${transport ? `: ${maskText(transport.dsn)}` : ''}`,
      description,
      unconsumed?.long ?? '',
      `Start a worker: messenger consume ${name}`,
    ]
      .filter((l) => l !== '')
      .join('\n'),
    icon: unconsumed !== undefined ? 'warning' : live.length > 0 ? 'run-all' : 'database',
    iconColor:
      unconsumed !== undefined ? 'problemsWarningIcon.foreground' : live.length > 0 ? 'testing.iconPassed' : undefined,
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

/** `3 handled · 1 failed · 2 retries`: messages, with the retries apart (failed ones only when there are). */
export function messageCounts(handled: number, failed: number, retried: number): string {
  return [
    `${handled.toLocaleString('en-US')} handled`,
    failed > 0 ? `${failed.toLocaleString('en-US')} failed` : '',
    retried > 0 ? count(retried, 'retry', 'retries') : '',
  ]
    .filter((p) => p !== '')
    .join(' · ');
}

/**
 * Messages wait and nobody consumes them: the backend says no consumer is there (PostgreSQL,
 * Redis), or it cannot tell and no worker started here runs on the transport. (Callers leave
 * failure transports out: their messages wait for a person, not a worker.)
 */
export function noConsumer(
  name: string,
  liveHere: number,
  stats: TransportCounts | undefined,
): { readonly short: string; readonly long: string } | undefined {
  const queued = stats?.counts.get(name) ?? 0;
  if (queued === 0) return undefined;
  const consumers = stats?.details.get(name)?.consumers;
  if (typeof consumers === 'number')
    return consumers > 0
      ? undefined
      : {
          short: 'no worker is consuming it',
          long: `${count(queued, 'message')} wait, and the transport sees no worker consuming it, here or elsewhere.`,
        };
  if (liveHere > 0) return undefined;
  return {
    short: 'no worker here is consuming it',
    long: `${count(queued, 'message')} wait and no worker started in VS Code consumes them (this transport cannot tell about workers started elsewhere).`,
  };
}

/** `running · 3 handled · 1 failed · 2 retries · 48 MB · 2m 05s`, or `crashed: exit code 1: …` once it ended. */
function workerSummary(state: WorkerState, now: number): string {
  const counts = messageCounts(state.handled, state.failed, state.retried);
  if (!isLive(state)) return [endedAs(state), counts].join(' · ');
  const doing = state.status === 'running' && state.current ? `handling ${state.current.messageClass}` : state.status;
  return [doing, counts, memoryText(state), formatDuration(uptimeMs(state, now))].filter((p) => p !== '').join(' · ');
}

/** `stopped by you`, `stopped: time limit reached`, `crashed: exit code 1: …`: the status once, not twice. */
function endedAs(state: WorkerState): string {
  const reason = maskText(state.exit?.reason ?? 'ended');
  return reason.startsWith(state.status) ? reason : `${state.status}: ${reason}`;
}

/** `48 MB` or, with --memory-limit, `48 MB of 128 MB`. */
export function memoryText(state: Pick<WorkerState, 'memoryBytes' | 'memoryLimitBytes'>): string {
  if (state.memoryBytes === undefined) return '';
  const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MB`;
  return state.memoryLimitBytes ? `${mb(state.memoryBytes)} of ${mb(state.memoryLimitBytes)}` : mb(state.memoryBytes);
}

function workerTooltip(worker: WorkerSnapshot, now: number): string {
  const { state, options } = worker;
  return [
    `Worker #${worker.id}: messenger consume ${options.transports.join(' ')}${worker.pid ? ` (pid ${worker.pid})` : ''}`,
    `Status: ${state.status}${state.exit ? ` (${maskText(state.exit.reason)})` : ''}`,
    `Received ${state.received}, handled ${state.handled}, failed ${state.failed} (after their retries), ${count(state.retried, 'retry', 'retries')}`,
    state.memoryBytes === undefined
      ? ''
      : `Memory: ${memoryText(state)}${state.memoryLimitBytes ? ' (--memory-limit)' : ''}`,
    `Uptime: ${formatDuration(uptimeMs(state, now))}`,
    state.stopsWhen.length > 0 ? `Stops once it has ${state.stopsWhen.join(' or ')}` : '',
    state.current ? `Handling ${state.current.messageClass} for ${formatDuration(now - state.current.since)}` : '',
    state.lastError ? `Last error: ${state.lastError.class}: ${maskText(state.lastError.message)}` : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}
