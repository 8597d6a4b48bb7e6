import { constants } from 'node:os';
import type { ConfigContext } from './ConfigContext.js';
import type { LocatedValue } from './locatedTree.js';

/** The signals a worker stops on after its current message when `stop_worker_on_signals` is not set. */
export const DEFAULT_STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

// A process cannot catch these two, so they cannot stop a worker gracefully.
const UNCATCHABLE = new Set(['SIGKILL', 'SIGSTOP']);

/** `stop_worker_on_signals` (Symfony 6.3): signal names (`SIGTERM`) or numbers (15). */
export function readStopSignals(context: ConfigContext, value: LocatedValue | undefined): readonly NodeJS.Signals[] {
  if (value === undefined || (value.kind === 'scalar' && value.value === null)) return DEFAULT_STOP_SIGNALS;
  const path = 'framework.messenger.stop_worker_on_signals';
  const items = value.kind === 'list' ? value.items : [value];
  const signals: NodeJS.Signals[] = [];
  items.forEach((item, index) => {
    const raw = context.scalar(item, `${path}[${index}]`);
    const name = typeof raw === 'number' ? signalName(raw) : typeof raw === 'string' ? raw.toUpperCase() : undefined;
    if (name === undefined || !(name in constants.signals) || UNCATCHABLE.has(name)) {
      context.error(
        'invalid-value',
        `${path}[${index}]`,
        item.location,
        `"stop_worker_on_signals" takes signals a process can catch, such as SIGTERM, SIGINT or SIGQUIT (names or numbers), got ${context.show(item, raw)}.`,
      );
      return;
    }
    signals.push(name as NodeJS.Signals);
  });
  return signals;
}

function signalName(number: number): string | undefined {
  return Object.entries(constants.signals).find(([, n]) => n === number)?.[0];
}

/** `reset_on_message` changes nothing since Symfony 6, here neither: say so where it is written. */
export function warnAboutResetOnMessage(context: ConfigContext, value: LocatedValue | undefined): void {
  if (value === undefined) return;
  context.warning(
    'deprecated-option',
    'framework.messenger.reset_on_message',
    value.location,
    '"reset_on_message" has no effect: services are reset between messages unless `messenger consume --no-reset` is used (as in Symfony 6).',
  );
}
