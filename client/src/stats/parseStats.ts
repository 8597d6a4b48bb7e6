/** `messenger stats --format json` (StatsJson) → queued messages per transport. */
import { arrayField, contractObject } from '../cli/jsonContract';

export interface TransportCounts {
  /** Messages waiting, per transport that can count them. */
  readonly counts: ReadonlyMap<string, number>;
  /** Transports that cannot count (sync://, some brokers). */
  readonly uncountable: ReadonlySet<string>;
}

export function parseStats(json: unknown): TransportCounts {
  const object = contractObject(json, 'stats');
  const counts = new Map<string, number>();
  for (const entry of arrayField(object, 'transports', 'stats')) {
    const { name, count } = (entry ?? {}) as { name?: unknown; count?: unknown };
    if (typeof name === 'string' && typeof count === 'number') counts.set(name, count);
  }
  const uncountable = new Set(
    arrayField(object, 'uncountable', 'stats').filter((n): n is string => typeof n === 'string'),
  );
  return { counts, uncountable };
}
