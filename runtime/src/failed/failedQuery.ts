import type { Envelope } from '../Envelope.js';
import { InvalidArgumentException } from '../errors/MessengerException.js';
import type { MessageTypeRegistry } from '../message/MessageTypeRegistry.js';
import { ErrorDetailsStamp } from '../stamp/ErrorDetailsStamp.js';
import { RedeliveryStamp } from '../stamp/RedeliveryStamp.js';
import type { Serializer } from '../transport/serialization/Serializer.js';
import { UndecodableMessage } from '../transport/serialization/UndecodableMessage.js';
import { matchesClass } from './describeFailed.js';

/** Which failed messages to list, and in which order (`failed:show` options; FailedMessages.query()). */
export interface FailedQuery {
  /** Only messages of this class (its @AsMessage type, class name, or a name the registry knows it by). */
  readonly classFilter?: string;
  /** Only messages whose errors (class or message) or body contain this text, ignoring case. */
  readonly search?: string;
  /** Only messages that failed at or after this time. */
  readonly since?: Date;
  /** `oldest` first (the transport's order, the default) or `newest` first. */
  readonly sort?: 'oldest' | 'newest';
}

export function isFiltered(query: FailedQuery): boolean {
  return query.classFilter !== undefined || (query.search ?? '') !== '' || query.since !== undefined;
}

/** When the message last failed (its last RedeliveryStamp), in ms; undefined when it never did. */
export function failedAt(envelope: Envelope): number | undefined {
  return envelope.last(RedeliveryStamp)?.redeliveredAt.getTime();
}

/** Whether a message matches the query's filters. */
export function matches(
  envelope: Envelope,
  query: FailedQuery,
  registry: MessageTypeRegistry,
  serializer: Serializer,
): boolean {
  if (query.classFilter !== undefined && !matchesClass(envelope, query.classFilter, registry)) return false;
  if (query.since !== undefined && (failedAt(envelope) ?? -Infinity) < query.since.getTime()) return false;
  const search = query.search?.toLowerCase() ?? '';
  if (search === '') return true;
  const errors = envelope.all(ErrorDetailsStamp).map((e) => `${e.exceptionClass}: ${e.exceptionMessage}`);
  return [...errors, bodyText(envelope, serializer)].some((text) => text.toLowerCase().includes(search));
}

function bodyText(envelope: Envelope, serializer: Serializer): string {
  const message = envelope.message;
  if (message instanceof UndecodableMessage) return message.body;
  try {
    return serializer.encode(envelope).body;
  } catch {
    return '';
  }
}

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: a duration back from now (`90s`, `15m`, `1h`, `2d`) or a date (`2026-11-22T08:00:00Z`). */
export function parseSince(text: string, now: number = Date.now()): Date {
  const duration = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/i.exec(text);
  if (duration !== null) return new Date(now - Number(duration[1]) * UNITS[duration[2]!.toLowerCase()]!);
  const date = Date.parse(text);
  if (Number.isNaN(date))
    throw new InvalidArgumentException(
      `Option "since" must be a duration (90s, 15m, 1h, 2d) or a date (2026-11-22T08:00:00Z), "${text}" given.`,
    );
  return new Date(date);
}
