/** Which failed messages a command acts on when several rows are selected, and which ids an action took away. */
import { targetOf } from '../tree/commandTarget';
import type { RetryOutcome } from './failedJson';

/** The failed messages selected, when more than one is (of one failure transport: the first's). */
export function selection(arg: unknown, selected: unknown): { transport: string; ids: string[] } | undefined {
  if (!Array.isArray(selected) || selected.length < 2) return undefined;
  const targets = selected.map(targetOf).filter((t) => t.id !== undefined && t.transport !== undefined);
  const transport = targetOf(arg).transport ?? targets[0]?.transport;
  const ids = targets.filter((t) => t.transport === transport).map((t) => t.id!);
  return transport === undefined || ids.length < 2 ? undefined : { transport, ids };
}

/** The ids a retry took out of the failure transport: handled, failed again (back under a new id), removed, or gone already. */
export function goneAfterRetry(outcome: RetryOutcome): string[] {
  return outcome.results.filter((r) => r.result !== 'skipped' && r.id !== null).map((r) => r.id!);
}
