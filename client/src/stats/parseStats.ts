/** `messenger stats --format json` (StatsJson, one document or each line of `--watch`) → what the views show per transport. */
import { arrayField, contractObject, numberOrNull, stringOrNull } from '../cli/jsonContract';

/** What a monitoring transport tells beyond its count (absent for the others, and from older runtimes). */
export interface TransportDetail {
  /** When the oldest waiting message became available (ms); null when none waits. */
  readonly oldestAvailableAt: number | null;
  /** Consumers the backend sees now; null when it cannot tell. */
  readonly consumers: number | null;
  /** Changes whenever a message is added or removed (compare for equality only). */
  readonly revision: string | null;
}

export interface TransportCounts {
  /** Messages waiting, per transport that can count them. */
  readonly counts: ReadonlyMap<string, number>;
  /** Transports that cannot count (sync://, some brokers). */
  readonly uncountable: ReadonlySet<string>;
  /** Per monitoring transport: its oldest message, its consumers, its revision. */
  readonly details: ReadonlyMap<string, TransportDetail>;
  /** `--watch`: transports whose stats could not be read this time (their last counts stay). */
  readonly failing: ReadonlyMap<string, string>;
}

export function parseStats(json: unknown): TransportCounts {
  const object = contractObject(json, 'stats');
  const counts = new Map<string, number>();
  const details = new Map<string, TransportDetail>();
  for (const entry of arrayField(object, 'transports', 'stats')) {
    const fields = (entry ?? {}) as Record<string, unknown>;
    const { name, count } = fields;
    if (typeof name !== 'string' || typeof count !== 'number') continue;
    counts.set(name, count);
    if ('oldestAvailableAt' in fields || 'consumers' in fields) {
      const oldest = stringOrNull(fields['oldestAvailableAt']);
      details.set(name, {
        oldestAvailableAt: oldest === null || Number.isNaN(Date.parse(oldest)) ? null : Date.parse(oldest),
        consumers: numberOrNull(fields['consumers']),
        revision: stringOrNull(fields['revision']),
      });
    }
  }
  const uncountable = new Set(
    arrayField(object, 'uncountable', 'stats').filter((n): n is string => typeof n === 'string'),
  );
  const failing = new Map<string, string>();
  for (const entry of Array.isArray(object['failing']) ? object['failing'] : []) {
    const { name, error } = (entry ?? {}) as { name?: unknown; error?: unknown };
    if (typeof name === 'string') failing.set(name, String(error ?? 'unknown error'));
  }
  return { counts, uncountable, details, failing };
}
