import type { Messenger } from '../../app/Messenger.js';
import { errorMessage } from '../../support/errorMessage.js';
import { abortableWait } from '../../transport/abortableWait.js';
import { isMonitorableTransport, type Transport } from '../../transport/Transport.js';
import { JSON_FORMAT_VERSION, type StatsJson, type TransportStatsJson } from '../json/schema.js';
import { statsTargets, transportStats } from './collectStats.js';

export interface WatchStatsOptions {
  /** The longest a transport goes unlooked at: the poll of a backend that cannot say when it changed. */
  readonly intervalMs: number;
  /** The least time between two documents: a busy queue changes at every message. */
  readonly minGapMs: number;
  readonly signal: AbortSignal;
  readonly print: (stats: StatsJson) => void;
}

type Seen = { readonly stats?: TransportStatsJson; readonly uncountable?: true; readonly error?: string };

/**
 * `stats --watch`: a document now, then one whenever a transport's stats change. Each transport
 * is followed on its own: a monitoring transport is looked at when it says it may have changed
 * (and at the interval at the latest), any other countable one at the interval. A transport
 * that fails (its database is down) keeps its last stats and is listed in `failing` until it
 * answers again. Runs until `signal` aborts.
 */
export async function watchStats(messenger: Messenger, names: readonly string[], options: WatchStatsOptions) {
  const { known, unknown } = statsTargets(messenger, names);
  const seen = new Map<string, Seen>();
  let changed = true;
  let wakePrinter: (() => void) | undefined;
  const look = async (name: string, transport: Transport): Promise<boolean> => {
    const before = seen.get(name);
    let next: Seen;
    try {
      const stats = await transportStats(name, transport);
      next = stats === undefined ? { uncountable: true } : { stats };
    } catch (error) {
      next = { stats: before?.stats, error: errorMessage(error) };
    }
    seen.set(name, next);
    if (JSON.stringify(next) !== JSON.stringify(before)) {
      changed = true;
      wakePrinter?.();
    }
    return next.uncountable !== true;
  };
  /** After its first look: waits for a change (or the interval), looks again, until stopped or it cannot count. */
  const follow = async (name: string, countable: boolean): Promise<void> => {
    const transport = messenger.getTransport(name);
    for (let counting = countable; counting && !options.signal.aborted; ) {
      if (isMonitorableTransport(transport)) await transport.waitForChange(options.signal, options.intervalMs);
      else await abortableWait(options.signal, options.intervalMs);
      if (!options.signal.aborted) counting = await look(name, transport);
    }
  };
  const countable = await Promise.all(known.map((name) => look(name, messenger.getTransport(name))));
  const followers = known.map((name, i) => follow(name, countable[i]!));
  while (!options.signal.aborted) {
    if (changed) {
      changed = false;
      options.print(document(known, unknown, seen));
      await abortableWait(options.signal, options.minGapMs);
      continue;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        options.signal.removeEventListener('abort', done);
        wakePrinter = undefined;
        resolve();
      };
      wakePrinter = done;
      options.signal.addEventListener('abort', done, { once: true });
    });
  }
  await Promise.all(followers);
}

function document(known: readonly string[], unknown: readonly string[], seen: ReadonlyMap<string, Seen>): StatsJson {
  const entries = known.map((name) => [name, seen.get(name) ?? {}] as const);
  const failing = entries.filter(([, s]) => s.error !== undefined).map(([name, s]) => ({ name, error: s.error! }));
  return {
    version: JSON_FORMAT_VERSION,
    transports: entries.flatMap(([, s]) => (s.stats === undefined ? [] : [s.stats])),
    uncountable: entries.filter(([, s]) => s.uncountable === true).map(([name]) => name),
    unknown: [...unknown],
    at: new Date().toISOString(),
    ...(failing.length > 0 ? { failing } : {}),
  };
}
