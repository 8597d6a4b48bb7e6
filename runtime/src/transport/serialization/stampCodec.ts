import type { Envelope } from '../../Envelope.js';
import { InvalidArgumentException } from '../../errors/MessengerException.js';
import '../../stamp/builtinStamps.js';
import { HandledStamp } from '../../stamp/HandledStamp.js';
import { NonSendableStamp, type Stamp, type StampClass } from '../../stamp/Stamp.js';
import { stampClassNamed, stampName } from '../../stamp/stampRegistry.js';
import { errorMessage } from '../../support/errorMessage.js';
import { STAMP_HEADER_PREFIX } from './headers.js';
import { displayPath } from './propertyPath.js';
import { decodingFailure, describe, isJsonObject, ValueDecoder } from './valueDecoder.js';
import { UnencodableValue, ValueEncoder } from './valueEncoder.js';

/** A stamp class that rebuilds itself from its JSON (e.g. to turn ISO strings back into Dates). */
type RevivableStampClass = StampClass & { fromJSON(json: Record<string, unknown>): unknown };

/** The class's fromJSON, unbound: call it on the class. */
function fromJsonOf(cls: StampClass): RevivableStampClass['fromJSON'] | undefined {
  const fromJSON = (cls as Partial<RevivableStampClass>).fromJSON;
  return typeof fromJSON === 'function' ? fromJSON : undefined;
}

/** One `X-Message-Stamp-<wire name>` header per stamp class: a JSON array of that class's stamps, in order. */
export function encodeStamps(envelope: Envelope): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [cls, stamps] of envelope.all()) {
    if (cls.prototype instanceof NonSendableStamp) continue;
    const name = stampName(stamps[0]!);
    const datesAllowed = fromJsonOf(cls) !== undefined;
    Object.defineProperty(headers, `${STAMP_HEADER_PREFIX}${name}`, {
      value: JSON.stringify(stamps.map((stamp) => encodeStamp(stamp, name, datesAllowed))),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return headers;
}

function encodeStamp(stamp: Stamp, name: string, datesAllowed: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const key of Object.keys(stamp)) {
    const value = (stamp as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    let encoded: unknown;
    try {
      encoded = ValueEncoder.encode(value, { kind: 'stamp', datesAllowed }, [key]).json;
    } catch (error) {
      if (!(error instanceof UnencodableValue)) throw error;
      // A handler may return anything; its result is informative only and must never fail a send.
      if (stamp instanceof HandledStamp && key === 'result') encoded = null;
      else
        throw new InvalidArgumentException(
          `Cannot encode stamp "${name}": ${displayPath(error.path)} is ${error.reason}.`,
        );
    }
    Object.defineProperty(json, key, { value: encoded, enumerable: true, writable: true, configurable: true });
  }
  return json;
}

/**
 * Stamp header texts already parsed, and what they gave: the messages of a queue mostly carry
 * the same ones (the bus name), so each is parsed once, not once per message. What JSON.parse
 * gave is only read: buildStamp copies it into fresh objects, so sharing it is safe.
 */
const parsedStampHeaders = new Map<string, unknown[]>();
const PARSED_STAMP_HEADERS_KEPT = 16;
/** Longer ones (error details, with their trace) are rarely the same twice: not kept. */
const PARSED_STAMP_HEADER_MAX_LENGTH = 256;

/** The stamps of every `X-Message-Stamp-*` header, in header order. */
export function decodeStamps(headers: Record<string, unknown>): Stamp[] {
  const stamps: Stamp[] = [];
  for (const header of Object.keys(headers)) {
    if (!header.startsWith(STAMP_HEADER_PREFIX)) continue;
    const name = header.slice(STAMP_HEADER_PREFIX.length);
    const fail: (detail: string) => never = decodingFailure(`stamp "${name}"`);
    const cls = stampClassNamed(name);
    if (cls === undefined)
      fail(
        `no stamp class is registered under this name; register it with @AsStamp('${name}') (or registerStamp) so it can be rebuilt`,
      );
    // Only stamps meant to travel may arrive: a forged ReceivedStamp or SerializedMessageStamp would change how the message is handled.
    if (cls.prototype instanceof NonSendableStamp) fail('it is a non-sendable stamp, which never travels');
    const value = headers[header];
    if (typeof value !== 'string') fail(`the header must be a string, got ${describe(value)}`);
    let parsed = parsedStampHeaders.get(value);
    if (parsed === undefined) {
      try {
        parsed = JSON.parse(value);
      } catch (error) {
        fail(`the header is not valid JSON (${(error as Error).message})`);
      }
      if (!Array.isArray(parsed)) fail(`the header must be a JSON array of stamps, got ${describe(parsed)}`);
      if (value.length <= PARSED_STAMP_HEADER_MAX_LENGTH) {
        if (parsedStampHeaders.size >= PARSED_STAMP_HEADERS_KEPT) parsedStampHeaders.clear();
        parsedStampHeaders.set(value, parsed);
      }
    }
    for (const item of parsed) {
      if (!isJsonObject(item)) fail(`each stamp must be a JSON object, got ${describe(item)}`);
      stamps.push(buildStamp(cls, item, fail));
    }
  }
  return stamps;
}

/** A stamp from its parsed JSON, which is copied with the decoder's key checks. */
function buildStamp(cls: StampClass, item: Record<string, unknown>, fail: (detail: string) => never): Stamp {
  const fromJSON = fromJsonOf(cls);
  // Like messages, stamps are rebuilt without running their constructor.
  if (fromJSON === undefined) return ValueDecoder.decodeInstance(item, cls.prototype as object, fail) as Stamp;
  const json = ValueDecoder.decodePlain(item, fail) as Record<string, unknown>;
  let stamp: unknown;
  try {
    stamp = fromJSON.call(cls, json);
  } catch (error) {
    fail(`${cls.name}.fromJSON() refused it (${errorMessage(error)})`);
  }
  if (!(stamp instanceof cls)) fail(`${cls.name}.fromJSON() did not return a ${cls.name}`);
  for (const key of Object.keys(stamp)) {
    const field = (stamp as unknown as Record<string, unknown>)[key];
    if (field instanceof Date && Number.isNaN(field.getTime())) fail(`"${key}" is not a valid date`);
  }
  return stamp;
}
