/**
 * What the Throughput view draws: per consumable transport, its queue (count, oldest message,
 * consumers) and a chart of the messages handled and failed per minute by the workers started
 * here, with their wait; per live worker, its chart, its counts and its memory. Pure: the view
 * posts it to its webview, the tests read it.
 */
import type { TransportModel } from '@messenger-ts/server/protocol';
import { formatAge } from '../map/transportNodes';
import type { TransportCounts } from '../stats/parseStats';
import { count } from '../tree/TreeNode';
import { consumableTransports, memoryText, messageCounts, noConsumer } from './buildWorkersTree';
import type { Throughput, ThroughputSeries } from './Throughput';
import { isLive, type WorkerState } from './workerState';

export interface ThroughputCard {
  readonly title: string;
  readonly facts: string;
  readonly warning: boolean;
  readonly series: ThroughputSeries;
}

export interface ThroughputModel {
  readonly transports: ReadonlyArray<ThroughputCard & { readonly name: string }>;
  readonly workers: ReadonlyArray<ThroughputCard & { readonly id: number }>;
  /** What the view says when it has nothing to draw. */
  readonly empty: string;
  /** Test mode: the webview reports what it drew. */
  readonly report: boolean;
}

export interface ThroughputInput {
  readonly transports: readonly TransportModel[];
  readonly workers: ReadonlyArray<{ readonly id: number; readonly label: string; readonly state: WorkerState }>;
  readonly stats: TransportCounts | undefined;
  readonly throughput: Throughput;
  readonly now: number;
  readonly report: boolean;
}

export function throughputModel(input: ThroughputInput): ThroughputModel {
  const { stats, now } = input;
  const live = input.workers.filter((w) => isLive(w.state));
  // A failure transport's messages wait for a person (failed:retry), not for a worker.
  const failureTransports = new Set(input.transports.map((t) => t.failureTransport));
  const transports = consumableTransports(input.transports).map((transport) => {
    const name = transport.name;
    const liveHere = live.filter((w) => w.state.transports.includes(name)).length;
    const unconsumed = failureTransports.has(name) ? undefined : noConsumer(name, liveHere, stats);
    const queued = stats?.counts.get(name);
    const detail = stats?.details.get(name);
    const facts = [
      queued === undefined ? 'not counted yet' : `${queued.toLocaleString('en-US')} queued`,
      typeof detail?.oldestAvailableAt === 'number' && (queued ?? 0) > 0
        ? `oldest ${formatAge(now - detail.oldestAvailableAt)}`
        : '',
      typeof detail?.consumers === 'number'
        ? `${count(detail.consumers, 'consumer')}`
        : `${count(liveHere, 'worker')} here`,
      unconsumed?.short ?? '',
    ].filter((p) => p !== '');
    return {
      name,
      title: name,
      facts: facts.join(' · '),
      warning: unconsumed !== undefined,
      series: input.throughput.forTransport(name, now),
    };
  });
  const workers = live.map((w) => ({
    id: w.id,
    title: `#${w.id} ${w.label}`,
    facts: [messageCounts(w.state.handled, w.state.failed, w.state.retried), memoryText(w.state)]
      .filter((p) => p !== '')
      .join(' · '),
    warning: false,
    series: input.throughput.forWorker(w.id, now),
  }));
  return {
    transports,
    workers,
    empty: 'The transports of messenger.yaml appear here once the language server has read the project.',
    report: input.report,
  };
}
