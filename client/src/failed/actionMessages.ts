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
  /** A second button that goes ahead another way: a bulk retry's "send back for the workers" (requeue). */
  readonly alternative?: string;
}

/**
 * A bulk retry offers two ways: handle each message now, here, one at a time (Symfony's
 * failed:retry), or send them back to the transports they failed on (`origins`, when known), in
 * one bulk send, for those transports' workers: fast, handled later.
 */
export function bulkConfirmation(
  action: BulkAction,
  ids: number,
  transport: string,
  classFilter?: string,
  selected = false,
  origins: readonly string[] = [],
): Confirmation {
  const what = `${selected ? 'the ' : ''}${count(ids, `${selected ? 'selected ' : ''}failed message`)}${classFilter === undefined ? '' : ` of class ${classFilter}`}`;
  return action === 'retry'
    ? {
        message: `Retry ${what} from "${transport}"?`,
        detail:
          'Handle now: each message is handled again by its handlers, in this workspace, now, one at a time. A message that fails again goes back to the failure transport.\n\n' +
          `Send back: each message goes back to the transport it failed on${origins.length === 0 ? '' : ` (${quoted(origins)})`}, in one bulk send, and leaves the failure transport; the workers of that transport handle it later. Fast, but nothing is handled until a worker runs. A message that cannot go back stays.`,
        confirm: `Handle ${ids.toLocaleString('en-US')} now`,
        alternative:
          origins.length === 0 || origins.length > 2
            ? 'Send back for the workers'
            : `Send back to ${quoted(origins)} for the workers`,
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

function quoted(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

/** `2 handled, 1 failed again (sent back to the failure transport)`, and whether all went well. */
export function retrySummary(outcome: RetryOutcome): { readonly text: string; readonly ok: boolean } {
  const by = (result: string): number => outcome.results.filter((r) => r.result === result).length;
  if (outcome.results.some((r) => r.result === 'requeued' || (r.reason ?? null) !== null))
    return requeueSummary(outcome);
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

/** `3 sent back for the workers (2 to "async", 1 to "priority"), 1 not sent back: <why>`. */
function requeueSummary(outcome: RetryOutcome): { readonly text: string; readonly ok: boolean } {
  const sent = new Map<string, number>();
  for (const r of outcome.results)
    if (r.result === 'requeued') sent.set(r.requeuedTo ?? '?', (sent.get(r.requeuedTo ?? '?') ?? 0) + 1);
  const total = [...sent.values()].reduce((a, b) => a + b, 0);
  const skipped = outcome.results.filter((r) => r.result === 'skipped');
  const notFound = outcome.results.filter((r) => r.result === 'not-found').length;
  const parts = [
    `${total.toLocaleString('en-US')} sent back for the workers${sent.size === 0 ? '' : ` (${[...sent].map(([name, n]) => `${n.toLocaleString('en-US')} to "${name}"`).join(', ')})`}`,
    skipped.length > 0
      ? `${skipped.length.toLocaleString('en-US')} not sent back, left in the failure transport${skipped.at(-1)?.reason ? `: ${skipped.at(-1)!.reason}` : ''}`
      : '',
    notFound > 0 ? `${notFound.toLocaleString('en-US')} not found (already gone)` : '',
  ].filter((p) => p !== '');
  return { text: parts.join(', '), ok: skipped.length === 0 && notFound === 0 };
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
