/**
 * The failed-message count of the status bar: the failed view's own counts when it has them,
 * else the failure transports' queued counts from `messenger stats` (the same number, counted
 * by the same transport), else unknown.
 */
import type { TransportCounts } from '../stats/parseStats';

export function failedCount(
  fromFailedView: number | undefined,
  stats: TransportCounts | undefined,
  failureTransports: readonly string[],
): number | undefined {
  if (fromFailedView !== undefined) return fromFailedView;
  if (stats === undefined || failureTransports.length === 0) return undefined;
  const counts = failureTransports.map((name) => stats.counts.get(name));
  return counts.some((c) => c === undefined) ? undefined : counts.reduce<number>((sum, c) => sum + (c ?? 0), 0);
}
