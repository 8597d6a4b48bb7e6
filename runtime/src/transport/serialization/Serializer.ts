import type { Envelope } from '../../Envelope.js';

/** An envelope as it travels: a string body and string headers (Symfony's wire shape). */
export interface EncodedEnvelope {
  body: string;
  headers: Record<string, string>;
}

/** Turns envelopes into their wire form and back. */
export interface Serializer {
  encode(envelope: Envelope): EncodedEnvelope;
  /** Throws MessageDecodingFailedException (with the reason) for anything it cannot decode. */
  decode(encoded: EncodedEnvelope): Envelope;
}
