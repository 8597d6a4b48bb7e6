/**
 * The default serializer: Symfony's JSON wire format, so messages can cross between a
 * TypeScript app and a Symfony app in either direction.
 *
 *   body                          the message's own enumerable properties as JSON; Dates as
 *                                 ISO-8601 strings, nested objects as JSON objects
 *   type                          the message's type name (@AsMessage `type`, else class name)
 *   X-Message-Stamp-<wire name>   one per stamp class: a JSON array of its stamps, in order
 *                                 (non-sendable stamps are never written)
 *   Content-Type                  application/json
 *   X-Message-Types               ours, see below; absent when there is nothing to record
 *
 * PHP's serializer reads property types from the class to rebuild nested objects and dates;
 * TypeScript types are erased at run time, so the body alone cannot say which values were
 * class instances or Dates. X-Message-Types records them as a JSON object of path → type name,
 * e.g. `{"placedAt":"Date","order":"Order","order/lines/0":"OrderLine"}`: paths go from the
 * body's root with segments joined by `/` (escaped as in JSON Pointer: `~0` for `~`, `~1` for
 * `/`), and name `Date` or a registered message class. A Symfony app ignores the header; a
 * message coming from Symfony has none, and decodes with plain nested data (dates stay strings).
 *
 * Decoding only ever builds Dates and classes the app registered in its MessageTypeRegistry,
 * and refuses `__proto__`, `constructor` and `prototype` keys anywhere.
 */
import { Envelope } from '../../Envelope.js';
import { MessageDecodingFailedException } from '../../errors/MessageDecodingFailedException.js';
import { InvalidArgumentException } from '../../errors/MessengerException.js';
import type { MessageClass } from '../../message/MessageClass.js';
import type { MessageTypeRegistry } from '../../message/MessageTypeRegistry.js';
import { SerializedMessageStamp } from '../../stamp/SerializedMessageStamp.js';
import { errorMessage } from '../../support/errorMessage.js';
import { CONTENT_TYPE_HEADER, JSON_CONTENT_TYPE, TYPE_HEADER, TYPES_HEADER } from './headers.js';
import { displayPath } from './propertyPath.js';
import type { EncodedEnvelope, Serializer } from './Serializer.js';
import { decodeStamps, encodeStamps } from './stampCodec.js';
import { decodingFailure, describe, isJsonObject, parseTypeMapHeader, ValueDecoder } from './valueDecoder.js';
import { UnencodableValue, ValueEncoder } from './valueEncoder.js';

export class JsonSerializer implements Serializer {
  constructor(private readonly types: MessageTypeRegistry) {}

  encode(envelope: Envelope): EncodedEnvelope {
    const message = envelope.message;
    const serialized = envelope.last(SerializedMessageStamp);
    let body: string;
    let typeMap: string | null;
    if (serialized !== undefined) {
      // A retry re-sends the body as received, with the type map that describes that body
      // (not the message as a handler may have changed it since).
      body = serialized.serializedMessage;
      typeMap = serialized.typeMap ?? null;
    } else {
      const encoded = this.encodeMessage(message);
      body = encoded.body;
      typeMap = encoded.typeMap;
    }
    const headers: Record<string, string> = {
      [TYPE_HEADER]: this.types.nameOf(message.constructor as MessageClass),
      ...encodeStamps(envelope),
      [CONTENT_TYPE_HEADER]: JSON_CONTENT_TYPE,
    };
    if (typeMap !== null) headers[TYPES_HEADER] = typeMap;
    return { body, headers };
  }

  decode(encoded: EncodedEnvelope): Envelope {
    try {
      return this.decodeEnvelope(encoded);
    } catch (error) {
      if (error instanceof MessageDecodingFailedException) throw error;
      // Whatever slipped through the checks below is still a decoding failure, not a crash.
      throw new MessageDecodingFailedException(`Could not decode message: ${errorMessage(error)}`, { cause: error });
    }
  }

  private encodeMessage(message: object): { body: string; typeMap: string | null } {
    let encoded: ReturnType<typeof ValueEncoder.encodeMessage>;
    try {
      encoded = ValueEncoder.encodeMessage(message, this.types);
    } catch (error) {
      if (!(error instanceof UnencodableValue)) throw error;
      const name = this.types.nameOf(message.constructor as MessageClass);
      throw new InvalidArgumentException(
        `Cannot encode message "${name}": ${displayPath(error.path) || 'the message'} is ${error.reason}.`,
      );
    }
    return {
      body: JSON.stringify(encoded.json),
      typeMap: encoded.typeMap.size === 0 ? null : JSON.stringify(Object.fromEntries(encoded.typeMap)),
    };
  }

  private decodeEnvelope(encoded: unknown): Envelope {
    if (!isJsonObject(encoded) || !isJsonObject(encoded['headers'])) {
      throw new MessageDecodingFailedException(
        'Encoded envelope should have at least a "body" and some "headers", or maybe you should implement your own serializer.',
      );
    }
    const headers = encoded['headers'];
    const body = encoded['body'];
    if (typeof body !== 'string' || body === '') {
      throw new MessageDecodingFailedException(
        `Encoded envelope should have a non-empty string "body", got ${describe(body)}.`,
      );
    }
    const type = Object.hasOwn(headers, TYPE_HEADER) ? headers[TYPE_HEADER] : undefined;
    if (typeof type !== 'string' || type === '') {
      throw new MessageDecodingFailedException(
        `Encoded envelope does not have a "${TYPE_HEADER}" header (got ${describe(type)}).`,
      );
    }
    const messageClass = this.types.get(type);
    if (messageClass === undefined) {
      throw new MessageDecodingFailedException(
        `Message type "${type}" is not registered in this application: register it with createMessenger({ messages: [...] })`,
      );
    }
    const fail: (detail: string) => never = decodingFailure(`message "${type}"`);

    const stamps = decodeStamps(headers);
    const typeMapHeader = Object.hasOwn(headers, TYPES_HEADER) ? headers[TYPES_HEADER] : undefined;
    const typeMap = parseTypeMapHeader(typeMapHeader, this.types, fail);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      fail(`the body is not valid JSON (${(error as Error).message})`);
    }
    const message = ValueDecoder.decodeMessage(json, messageClass, typeMap, fail);

    const serialized = new SerializedMessageStamp(body, typeof typeMapHeader === 'string' ? typeMapHeader : undefined);
    // Most messages carry no stamp header: a one-item literal, rather than growing an empty array.
    if (stamps.length === 0) return Envelope.wrap(message, [serialized]);
    stamps.push(serialized);
    return Envelope.wrap(message, stamps);
  }
}
