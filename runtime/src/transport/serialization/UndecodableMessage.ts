import { Envelope } from '../../Envelope.js';
import { MessageDecodingFailedException } from '../../errors/MessageDecodingFailedException.js';
import { MessageDecodingFailedStamp } from '../../stamp/MessageDecodingFailedStamp.js';
import type { Stamp } from '../../stamp/Stamp.js';
import { errorMessage } from '../../support/errorMessage.js';
import { TYPE_HEADER, UNDECODABLE_HEADERS_HEADER } from './headers.js';
import type { EncodedEnvelope, Serializer } from './Serializer.js';
import { decodeStamps, encodeStamps } from './stampCodec.js';

/**
 * Stands in for a message its transport could not decode (unknown type, broken JSON…): the
 * raw body and headers, kept as they were so nothing is lost. The worker fails it (see
 * MessageDecodingFailedStamp) and the failure transport stores the same body and headers,
 * plus the stamps that record the failure; once the application can decode it, it can be
 * retried from there.
 */
export class UndecodableMessage {
  constructor(
    readonly body: string,
    readonly headers: Readonly<Record<string, string>>,
    /** The stored header text, when it could not be read as headers at all; stored again in UNDECODABLE_HEADERS_HEADER. */
    readonly rawHeaders?: string,
  ) {}

  /** The `type` header, if there was one. */
  get type(): string | undefined {
    return typeof this.headers[TYPE_HEADER] === 'string' ? this.headers[TYPE_HEADER] : undefined;
  }
}

/**
 * Decodes what a transport stored; what cannot be decoded becomes an UndecodableMessage with
 * a MessageDecodingFailedStamp and, best effort, the stamps whose headers could be read.
 * For transports that store the headers as JSON text (a database column).
 */
export function decodeOrKeep(serializer: Serializer, body: string, headersJson: string): Envelope {
  let headers: Record<string, string>;
  try {
    headers = parseHeaders(headersJson);
  } catch (error) {
    return undecodable(
      body,
      {},
      `Could not decode the message headers: ${(error as Error).message}`,
      error,
      headersJson,
    );
  }
  return decodeEncodedOrKeep(serializer, { body, headers });
}

/** {@link decodeOrKeep} for transports that keep the encoded envelope as it is (in memory). */
export function decodeEncodedOrKeep(serializer: Serializer, encoded: EncodedEnvelope): Envelope {
  try {
    return serializer.decode(encoded);
  } catch (error) {
    const message = errorMessage(error);
    return undecodable(encoded.body, { ...encoded.headers }, message, error);
  }
}

/** What a sender stores: the serializer's encoding, or an undecodable message's original body and headers with its current stamps. */
export function encodeForTransport(serializer: Serializer, envelope: Envelope): EncodedEnvelope {
  const message = envelope.message;
  if (!(message instanceof UndecodableMessage)) return serializer.encode(envelope);
  const raw: Record<string, string> =
    message.rawHeaders === undefined ? {} : { [UNDECODABLE_HEADERS_HEADER]: message.rawHeaders };
  return { body: message.body, headers: { ...raw, ...message.headers, ...encodeStamps(envelope) } };
}

/** A message a transport could not even read (not its wire format): kept as an UndecodableMessage saying why. */
export function keepUnreadable(body: string, reason: string): Envelope {
  return undecodable(body, {}, reason, undefined);
}

function undecodable(
  body: string,
  headers: Record<string, string>,
  reason: string,
  cause: unknown,
  rawHeaders?: string,
): Envelope {
  const error =
    cause instanceof MessageDecodingFailedException ? cause : new MessageDecodingFailedException(reason, { cause });
  return Envelope.wrap(new UndecodableMessage(body, headers, rawHeaders), [
    ...readableStamps(headers),
    new MessageDecodingFailedStamp(error),
  ]);
}

/** The stamps of every stamp header that decodes on its own (the failure history stays visible). */
function readableStamps(headers: Record<string, string>): Stamp[] {
  const stamps: Stamp[] = [];
  for (const [name, value] of Object.entries(headers)) {
    try {
      stamps.push(...decodeStamps({ [name]: value }));
    } catch {
      // This one stays in the headers as it was.
    }
  }
  return stamps;
}

/**
 * The last header text parsed, and a private copy of what it gave when every value was a
 * string: the messages of a queue mostly carry the same headers, so the text is compared
 * instead of parsed again. Each caller still gets an object of its own.
 */
let lastHeadersJson: string | undefined;
let lastHeaders: Readonly<Record<string, string>> = {};

function parseHeaders(json: string): Record<string, string> {
  if (json === lastHeadersJson) return { ...lastHeaders };
  const parsed: unknown = JSON.parse(json);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('they are not a JSON object');
  const headers = parsed as Record<string, unknown>;
  // Values that are not strings are the serializer's to refuse, with its own message (and are not kept: a copy would share them).
  if (Object.values(headers).every((value) => typeof value === 'string')) {
    lastHeadersJson = json;
    lastHeaders = { ...(headers as Record<string, string>) };
  }
  return headers as Record<string, string>;
}
