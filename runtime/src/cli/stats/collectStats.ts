import type { Messenger } from '../../app/Messenger.js';
import { isMessageCountAware, isMonitorableTransport, type Transport } from '../../transport/Transport.js';
import { JSON_FORMAT_VERSION, type StatsJson, type TransportStatsJson } from '../json/schema.js';

/** The transports `stats` looks at: those named (all by default), split into known and unknown names. */
export function statsTargets(messenger: Messenger, names: readonly string[]): { known: string[]; unknown: string[] } {
  const configured = messenger.transportNames();
  const wanted = names.length > 0 ? names : configured;
  return {
    known: wanted.filter((n) => configured.includes(n)),
    unknown: wanted.filter((n) => !configured.includes(n)),
  };
}

/** One transport's stats, or undefined when it cannot count. Monitoring transports tell their oldest message and consumers too. */
export async function transportStats(name: string, transport: Transport): Promise<TransportStatsJson | undefined> {
  if (isMonitorableTransport(transport)) {
    const snapshot = await transport.getQueueSnapshot();
    return {
      name,
      count: snapshot.count,
      oldestAvailableAt:
        snapshot.oldestAvailableAt === null ? null : new Date(snapshot.oldestAvailableAt).toISOString(),
      consumers: snapshot.consumers,
      revision: snapshot.revision,
    };
  }
  return isMessageCountAware(transport) ? { name, count: await transport.getMessageCount() } : undefined;
}

/** The `stats --format json` document for these transports, now. */
export async function collectStats(messenger: Messenger, names: readonly string[]): Promise<StatsJson> {
  const { known, unknown } = statsTargets(messenger, names);
  const transports: TransportStatsJson[] = [];
  const uncountable: string[] = [];
  for (const name of known) {
    const stats = await transportStats(name, messenger.getTransport(name));
    if (stats === undefined) uncountable.push(name);
    else transports.push(stats);
  }
  return { version: JSON_FORMAT_VERSION, transports, uncountable, unknown, at: new Date().toISOString() };
}
