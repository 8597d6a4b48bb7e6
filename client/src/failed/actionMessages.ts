/**
 * What the user reads around retry and remove: the modal confirmation of a bulk action (it says
 * how many messages, of which class, on which transport) and the outcome afterwards.
 */
import { count } from '../tree/TreeNode';
import type { BulkEnd } from './FailedActions';
import type { RemoveOutcome, RetryOutcome } from './failedJson';

export type BulkAction = 'retry' | 'remove';

export interface Confirmation {
  readonly message: string;
  readonly detail: string;
  /** The button that goes ahead (the modal's Cancel is VS Code's). */
  readonly confirm: string;
}

export function bulkConfirmation(
  action: BulkAction,
  ids: number,
  transport: string,
  classFilter?: string,
  selected = false,
): Confirmation {
  const what = `${selected ? 'the ' : ''}${count(ids, `${selected ? 'selected ' : ''}failed message`)}${classFilter === undefined ? '' : ` of class ${classFilter}`}`;
  return action === 'retry'
    ? {
        message: `Retry ${what} from "${transport}"?`,
        detail:
          'Each message is handled again by its handlers, in this workspace, now. A message that fails again goes back to the failure transport.',
        confirm: `Retry ${ids.toLocaleString('en-US')}`,
      }
    : {
        message: `Remove ${what} from "${transport}"?`,
        detail: 'They are deleted for good: they will not be handled.',
        confirm: `Remove ${ids.toLocaleString('en-US')}`,
      };
}

export function removeConfirmation(id: string, className: string, transport: string): Confirmation {
  return {
    message: `Remove failed message #${id} (${className}) from "${transport}"?`,
    detail: 'It is deleted for good: it will not be handled.',
    confirm: 'Remove',
  };
}

/** `2 handled, 1 failed again (sent back to the failure transport)`, and whether all went well. */
export function retrySummary(outcome: RetryOutcome): { readonly text: string; readonly ok: boolean } {
  const by = (result: string): number => outcome.results.filter((r) => r.result === result).length;
  const failed = outcome.results.filter((r) => r.result === 'failed');
  const sentBack = failed.filter((r) => r.willRetry).length;
  const lastError = failed[failed.length - 1]?.error;
  const parts = [
    `${by('handled').toLocaleString('en-US')} handled`,
    failed.length > 0
      ? `${failed.length.toLocaleString('en-US')} failed again${sentBack > 0 ? ` (${sentBack.toLocaleString('en-US')} sent back to the failure transport)` : ''}${lastError ? `: ${lastError.class}: ${lastError.message}` : ''}`
      : '',
    by('skipped') > 0 ? `${by('skipped').toLocaleString('en-US')} skipped (could not be decoded)` : '',
    by('not-found') > 0 ? `${by('not-found').toLocaleString('en-US')} not found (already gone)` : '',
  ].filter((p) => p !== '');
  return { text: parts.join(', '), ok: failed.length === 0 && by('not-found') === 0 && by('skipped') === 0 };
}

/**
 * What a bulk action's notification says: its summary and, when it stopped early (cancelled, or a
 * later chunk failed), why and which ids were done and which were not, so the user knows what
 * is left to do. Long id lists are cut short: `full` has them all, for the log.
 */
export function bulkNotice(
  summary: { readonly text: string; readonly ok: boolean },
  end: BulkEnd,
): { readonly text: string; readonly ok: boolean; readonly full: string } {
  if (end.failure === undefined && !end.cancelled) return { ...summary, full: summary.text };
  const total = end.attempted.length + end.unknown.length + end.notAttempted.length;
  const stop =
    end.failure !== undefined
      ? `; then it stopped after ${end.attempted.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}: ${end.failure}`
      : ` (cancelled after ${end.attempted.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')})`;
  const ids = (shown: number): string =>
    [
      `. Done: ${idList(end.attempted, shown)}`,
      // Acting on these again is harmless: one the failed call did get to is reported not found.
      end.unknown.length > 0 ? `. Unknown (the call that failed had them): ${idList(end.unknown, shown)}` : '',
      `. Not done, left as they were: ${idList(end.notAttempted, shown)}`,
    ].join('');
  return {
    text: `${summary.text}${stop}${ids(SHOWN_IDS)}`,
    ok: end.failure === undefined && summary.ok,
    full: `${summary.text}${stop}${ids(Infinity)}`,
  };
}

/** Ids a notification lists before "and N more". */
const SHOWN_IDS = 5;

/** `#1, #2 and 3 more`, or `none`. */
function idList(ids: readonly string[], shown: number): string {
  if (ids.length === 0) return 'none';
  const listed = ids
    .slice(0, shown)
    .map((id) => `#${id}`)
    .join(', ');
  return ids.length > shown ? `${listed} and ${(ids.length - shown).toLocaleString('en-US')} more` : listed;
}

export function removeSummary(outcome: RemoveOutcome): { readonly text: string; readonly ok: boolean } {
  const parts = [
    `${outcome.removed.length.toLocaleString('en-US')} removed`,
    outcome.notFound.length > 0 ? `${outcome.notFound.length.toLocaleString('en-US')} not found (already gone)` : '',
  ].filter((p) => p !== '');
  return { text: parts.join(', '), ok: outcome.notFound.length === 0 };
}
