/**
 * What the failed-message panel shows, computed from `failed:show <id>` and masked: the facts
 * (class, id, when, where it failed, retries), the last error with its full trace, every
 * error recorded, the redelivery history, the body and the stamps as pretty JSON. The webview
 * only lays it out; this is where a DSN or a password in a body is hidden.
 */
import { maskJson, maskText } from '../masking/maskCredentials';
import type { FailedDetails } from './failedJson';
import { type JsonToken, jsonTokens } from './jsonTokens';
import { type TraceLine, traceLines } from './traceFrames';
import { exactTime } from './timeAgo';

export interface FailedMessagePanelModel {
  readonly title: string;
  readonly transport: string;
  readonly id: string;
  readonly className: string;
  readonly decodable: boolean;
  readonly facts: ReadonlyArray<readonly [label: string, value: string]>;
  readonly error: { readonly class: string; readonly message: string; readonly code: string };
  /** The last error's trace, a line each; a line that names a file and line is a link. */
  readonly trace: readonly TraceLine[];
  readonly errors: ReadonlyArray<{
    readonly class: string;
    readonly message: string;
    readonly code: string;
    readonly trace: readonly TraceLine[];
  }>;
  readonly redeliveries: ReadonlyArray<{ readonly label: string; readonly at: string }>;
  readonly body: readonly JsonToken[];
  /** Each kind of stamp by its short name (the wire name, Symfony's class, in `wireName`), its values as JSON. */
  readonly stamps: ReadonlyArray<{
    readonly name: string;
    readonly wireName: string;
    readonly json: readonly JsonToken[];
  }>;
  readonly decodingError: string | null;
}

/** The panel shows the trace under Error: in the stamps it would only be the same text again. */
const TRACE_SHOWN_ABOVE = '(the trace is shown under Error)';

/** `Symfony\Component\Messenger\Stamp\BusNameStamp` → `BusNameStamp`; a TypeScript stamp's name stays. */
export function shortStampName(wireName: string): string {
  return wireName.slice(wireName.lastIndexOf('\\') + 1);
}

function stampValues(wireName: string, values: readonly unknown[]): unknown {
  if (shortStampName(wireName) !== 'ErrorDetailsStamp') return values;
  return values.map((value) => withoutTraces(value, 0));
}

/** An ErrorDetailsStamp's flattened exception, its causes' traces replaced too. */
function withoutTraces(value: unknown, depth: number): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withoutTraces(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      /^(traceAsString|trace_as_string|trace)$/.test(key) && typeof item === 'string' && item !== ''
        ? TRACE_SHOWN_ABOVE
        : withoutTraces(item, depth + 1),
    ]),
  );
}

export function failedMessagePanelModel(details: FailedDetails): FailedMessagePanelModel {
  const id = details.id ?? '?';
  const retries = details.retryCount ?? details.redeliveries.length;
  return {
    title: `${details.class} #${id}`,
    transport: details.transport,
    id,
    className: details.class,
    decodable: details.decodable,
    facts: [
      ['Class', details.class],
      ['Id', id],
      ['Failure transport', details.transport],
      ['Failed on', details.originalTransport ?? 'unknown'],
      ['Failed at', exactTime(details.failedAt)],
      ['Retries', String(retries)],
      ['Decodable', details.decodable ? 'yes' : 'no: it can be shown or removed, not retried'],
    ],
    error: {
      class: details.errorClass ?? 'unknown',
      message: maskText(details.error ?? 'no error recorded'),
      code: details.errorCode === null ? '' : String(details.errorCode),
    },
    trace: details.trace ? traceLines(maskText(details.trace)) : [],
    errors: details.errors.map((e) => ({
      class: e.class,
      message: maskText(e.message),
      code: e.code === null ? '' : String(e.code),
      trace: e.trace ? traceLines(maskText(e.trace)) : [],
    })),
    // A redelivery counted 0 is the move to the failure transport (Symfony stamps it so).
    redeliveries: details.redeliveries.map((r) => ({
      label: r.retryCount > 0 ? `Retry #${r.retryCount}` : 'Sent to the failure transport',
      at: exactTime(r.redeliveredAt),
    })),
    body: jsonTokens(maskJson(details.body)),
    stamps: Object.entries(details.stamps).map(([wireName, values]) => ({
      name: shortStampName(wireName),
      wireName,
      json: jsonTokens(maskJson(stampValues(wireName, values))),
    })),
    decodingError: details.decodingError === null ? null : maskText(details.decodingError),
  };
}
