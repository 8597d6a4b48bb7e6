/**
 * Reads what the `failed:*` commands print with `--format json` (FailedShowJson,
 * FailedRetryJson, FailedRemoveJson of runtime/src/cli/json/schema.ts) into the extension's
 * own types. The only place that knows those shapes; ids become strings. Errors, traces,
 * bodies and stamps are masked here, as they come in (a handler's error message may quote a
 * DSN with its password): whatever shows them later (notifications, the panel, tooltips) is safe.
 */
import { CliError } from '../cli/CliError';
import { arrayField, contractObject, idOf, numberOrNull, stringOrNull } from '../cli/jsonContract';
import { maskJson, maskText } from '../masking/maskCredentials';

export interface FailedSummary {
  readonly id: string | null;
  readonly class: string;
  readonly failedAt: string | null;
  readonly error: string | null;
  readonly errorClass: string | null;
  readonly originalTransport: string | null;
  readonly decodable: boolean;
  /** How many times it was retried before it failed for good (when the runtime tells). */
  readonly retryCount: number | null;
}

export interface FailedList {
  readonly transport: string;
  readonly count: number | null;
  /** How many match the filters (class, search, since), all of them; null without a filter (or from an older runtime). */
  readonly matching: number | null;
  readonly classFilter: string | null;
  readonly max: number;
  readonly messages: readonly FailedSummary[];
}

export interface FailedStats {
  readonly transport: string;
  readonly count: number | null;
  readonly stats: ReadonlyArray<{ readonly class: string; readonly count: number }>;
}

export interface FailedError {
  readonly class: string;
  readonly message: string;
  readonly code: string | number | null;
  readonly trace: string;
}

export interface FailedDetails extends FailedSummary {
  readonly transport: string;
  readonly errorCode: string | number | null;
  readonly trace: string | null;
  readonly errors: readonly FailedError[];
  readonly redeliveries: ReadonlyArray<{ readonly retryCount: number; readonly redeliveredAt: string }>;
  readonly stamps: Readonly<Record<string, readonly unknown[]>>;
  readonly body: unknown;
  readonly decodingError: string | null;
}

/** requeued: sent back to the transport it failed on (`failed:retry --requeue`), for its workers. */
export type RetryResult = 'handled' | 'failed' | 'removed' | 'skipped' | 'not-found' | 'requeued';

export interface RetryOutcome {
  readonly transport: string;
  readonly results: ReadonlyArray<{
    readonly id: string | null;
    readonly class: string;
    readonly result: RetryResult;
    readonly error: { readonly class: string; readonly message: string } | null;
    readonly willRetry: boolean;
    /** Where it went back to after failing again (its new id in the failure transport); requeued, its id in `requeuedTo`. */
    readonly newId: string | null;
    /** Requeued: the transport it was sent back to. */
    readonly requeuedTo?: string | null;
    /** Why it was skipped, when the runtime says (a message that could not be sent back). */
    readonly reason?: string | null;
  }>;
  readonly remaining: number | null;
}

export interface RemoveOutcome {
  readonly transport: string;
  readonly removed: readonly string[];
  readonly notFound: readonly string[];
  readonly kept: readonly string[];
}

type Fields = Readonly<Record<string, unknown>>;

function summary(value: unknown): FailedSummary {
  const m = (value ?? {}) as Fields;
  const redeliveries = Array.isArray(m['redeliveries']) ? m['redeliveries'] : undefined;
  return {
    id: idOf(m['id']),
    class: typeof m['class'] === 'string' ? m['class'] : '(unknown)',
    failedAt: stringOrNull(m['failedAt']),
    error: maskedOrNull(m['error']),
    errorClass: stringOrNull(m['errorClass']),
    originalTransport: stringOrNull(m['originalTransport']),
    decodable: m['decodable'] !== false,
    // In the contract since format version 1; the redeliveries are a fallback for a message printed without it.
    retryCount: numberOrNull(m['retryCount']) ?? (redeliveries ? mostRetries(redeliveries) : null),
  };
}

/**
 * The retries a message went through: the highest count of its redeliveries. Not the last one:
 * the move to the failure transport adds a redelivery with count 0, as in Symfony.
 */
function mostRetries(redeliveries: readonly unknown[]): number {
  return redeliveries.reduce<number>(
    (most, r) => Math.max(most, numberOrNull((r as { retryCount?: unknown } | null)?.retryCount) ?? 0),
    0,
  );
}

function transportOf(object: Fields, command: string): string {
  const transport = object['transport'];
  if (typeof transport !== 'string') throw new CliError(`\`messenger ${command}\` printed no transport name.`);
  return transport;
}

export function parseFailedList(json: unknown): FailedList {
  const object = contractObject(json, 'failed:show');
  return {
    transport: transportOf(object, 'failed:show'),
    count: numberOrNull(object['count']),
    matching: numberOrNull(object['matching']),
    classFilter: stringOrNull(object['classFilter']),
    max: numberOrNull(object['max']) ?? 0,
    messages: arrayField(object, 'messages', 'failed:show').map(summary),
  };
}

export function parseFailedStats(json: unknown): FailedStats {
  const object = contractObject(json, 'failed:show --stats');
  const stats = arrayField(object, 'stats', 'failed:show --stats')
    .map((entry) => (entry ?? {}) as Fields)
    .filter((entry) => typeof entry['class'] === 'string' && typeof entry['count'] === 'number')
    .map((entry) => ({ class: entry['class'] as string, count: entry['count'] as number }));
  return { transport: transportOf(object, 'failed:show'), count: numberOrNull(object['count']), stats };
}

export function parseFailedDetails(json: unknown): FailedDetails {
  const object = contractObject(json, 'failed:show <id>');
  const message = (object['message'] ?? {}) as Fields;
  const errors = Array.isArray(message['errors']) ? message['errors'] : [];
  const redeliveries = Array.isArray(message['redeliveries']) ? message['redeliveries'] : [];
  const stamps =
    message['stamps'] !== null && typeof message['stamps'] === 'object'
      ? (message['stamps'] as Record<string, readonly unknown[]>)
      : {};
  return {
    ...summary(message),
    transport: transportOf(object, 'failed:show'),
    errorCode: codeOf(message['errorCode']),
    trace: maskedOrNull(message['trace']),
    errors: errors.map((e) => {
      const error = (e ?? {}) as Fields;
      return {
        class: String(error['class'] ?? ''),
        message: maskText(String(error['message'] ?? '')),
        code: codeOf(error['code']),
        trace: maskedOrNull(error['trace']) ?? '',
      };
    }),
    redeliveries: redeliveries.map((r) => {
      const redelivery = (r ?? {}) as Fields;
      return {
        retryCount: numberOrNull(redelivery['retryCount']) ?? 0,
        redeliveredAt: String(redelivery['redeliveredAt'] ?? ''),
      };
    }),
    stamps: maskJson(stamps) as FailedDetails['stamps'],
    body: maskJson(message['body'] ?? null),
    decodingError: maskedOrNull(message['decodingError']),
  };
}

const RETRY_RESULTS: readonly RetryResult[] = ['handled', 'failed', 'removed', 'skipped', 'not-found', 'requeued'];

export function parseRetry(json: unknown): RetryOutcome {
  const object = contractObject(json, 'failed:retry');
  return {
    transport: transportOf(object, 'failed:retry'),
    remaining: numberOrNull(object['remaining']),
    results: arrayField(object, 'results', 'failed:retry').map((r) => {
      const result = (r ?? {}) as Fields;
      const error = result['error'] as Fields | null | undefined;
      return {
        id: idOf(result['id']),
        class: String(result['class'] ?? ''),
        result: RETRY_RESULTS.includes(result['result'] as RetryResult) ? (result['result'] as RetryResult) : 'skipped',
        error: error
          ? { class: String(error['class'] ?? ''), message: maskText(String(error['message'] ?? '')) }
          : null,
        willRetry: result['willRetry'] === true,
        newId: idOf(result['newId']),
        requeuedTo: stringOrNull(result['requeuedTo']),
        reason: maskedOrNull(result['reason']),
      };
    }),
  };
}

export function parseRemove(json: unknown): RemoveOutcome {
  const object = contractObject(json, 'failed:remove');
  const ids = (field: string): string[] =>
    arrayField(object, field, 'failed:remove')
      .map(idOf)
      .filter((id): id is string => id !== null);
  return {
    transport: transportOf(object, 'failed:remove'),
    removed: ids('removed'),
    notFound: ids('notFound'),
    kept: ids('kept'),
  };
}

function maskedOrNull(value: unknown): string | null {
  const text = stringOrNull(value);
  return text === null ? null : maskText(text);
}

function codeOf(value: unknown): string | number | null {
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}
