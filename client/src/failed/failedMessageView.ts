/**
 * What the failed-message panel shows, computed from `failed:show <id>` and masked: the facts
 * (class, id, when, where it failed, retries), the last error with its full trace, every
 * error recorded, the redelivery history, the body and the stamps as pretty JSON. The webview
 * only lays it out; this is where a DSN or a password in a body is hidden.
 */
import { maskJson, maskText } from '../masking/maskCredentials';
import type { FailedDetails } from './failedJson';
import { type JsonToken, jsonTokens } from './jsonTokens';
import { exactTime } from './timeAgo';

export interface FailedMessagePanelModel {
  readonly title: string;
  readonly transport: string;
  readonly id: string;
  readonly className: string;
  readonly decodable: boolean;
  readonly facts: ReadonlyArray<readonly [label: string, value: string]>;
  readonly error: { readonly class: string; readonly message: string; readonly code: string };
  readonly trace: string;
  readonly errors: ReadonlyArray<{
    readonly class: string;
    readonly message: string;
    readonly code: string;
    readonly trace: string;
  }>;
  readonly redeliveries: ReadonlyArray<{ readonly label: string; readonly at: string }>;
  readonly body: readonly JsonToken[];
  readonly stamps: readonly JsonToken[];
  readonly decodingError: string | null;
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
    trace: maskText(details.trace ?? ''),
    errors: details.errors.map((e) => ({
      class: e.class,
      message: maskText(e.message),
      code: e.code === null ? '' : String(e.code),
      trace: maskText(e.trace),
    })),
    // A redelivery counted 0 is the move to the failure transport (Symfony stamps it so).
    redeliveries: details.redeliveries.map((r) => ({
      label: r.retryCount > 0 ? `Retry #${r.retryCount}` : 'Sent to the failure transport',
      at: exactTime(r.redeliveredAt),
    })),
    body: jsonTokens(maskJson(details.body)),
    stamps: jsonTokens(maskJson(details.stamps)),
    decodingError: details.decodingError === null ? null : maskText(details.decodingError),
  };
}
