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

export function bulkConfirmation(action: BulkAction, ids: number, transport: string, classFilter?: string): Confirmation {
  const what = `${count(ids, 'failed message')}${classFilter === undefined ? '' : ` of class ${classFilter}`}`;
  return action === 'retry'
    ? {
      message: `Retry ${what} from "${transport}"?`,
      detail: 'Each message is handled again by its handlers, in this workspace, now. A message that fails again goes back to the failure transport.',
      confirm: `Retry ${ids.toLocaleString('en-US')}`,
    }
    : {
      message: `Remove ${what} from "${transport}"?`,
      detail: 'They are deleted for good: they will not be handled.',
      confirm: `Remove ${ids.toLocaleString('en-US')}`,
    };
}

export function removeConfirmation(id: string, className: string, transport: string): Confirmation {
  return { message: `Remove failed message #${id} (${className}) from "${transport}"?`, detail: 'It is deleted for good: it will not be handled.', confirm: 'Remove' };
}

/** `2 handled, 1 failed again (sent back to the failure transport)`, and whether all went well. */
export function retrySummary(outcome: RetryOutcome): { readonly text: string; readonly ok: boolean } {
  const by = (result: string): number => outcome.results.filter((r) => r.result === result).length;
  const failed = outcome.results.filter((r) => r.result === 'failed');
  const sentBack = failed.filter((r) => r.willRetry).length;
  const lastError = failed[failed.length - 1]?.error;
  const parts = [
    `${by('handled').toLocaleString('en-US')} handled`,
    failed.length > 0 ? `${failed.length.toLocaleString('en-US')} failed again${sentBack > 0 ? ` (${sentBack.toLocaleString('en-US')} sent back to the failure transport)` : ''}${lastError ? `: ${lastError.class}: ${lastError.message}` : ''}` : '',
    by('skipped') > 0 ? `${by('skipped').toLocaleString('en-US')} skipped (could not be decoded)` : '',
    by('not-found') > 0 ? `${by('not-found').toLocaleString('en-US')} not found (already gone)` : '',
  ].filter((p) => p !== '');
  return { text: parts.join(', '), ok: failed.length === 0 && by('not-found') === 0 && by('skipped') === 0 };
}

/** What a bulk action's notification says: its summary, and why it stopped early if it did. */
export function bulkNotice(summary: { readonly text: string; readonly ok: boolean }, end: BulkEnd): { readonly text: string; readonly ok: boolean } {
  if (end.failure !== undefined) return { text: `${summary.text}; then it stopped: ${end.failure}`, ok: false };
  return end.cancelled ? { text: `${summary.text} (cancelled: the rest were left as they were)`, ok: summary.ok } : summary;
}

export function removeSummary(outcome: RemoveOutcome): { readonly text: string; readonly ok: boolean } {
  const parts = [
    `${outcome.removed.length.toLocaleString('en-US')} removed`,
    outcome.notFound.length > 0 ? `${outcome.notFound.length.toLocaleString('en-US')} not found (already gone)` : '',
  ].filter((p) => p !== '');
  return { text: parts.join(', '), ok: outcome.notFound.length === 0 };
}
