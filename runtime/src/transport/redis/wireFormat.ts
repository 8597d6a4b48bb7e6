/**
 * What Symfony's Redis transport stores, byte for byte, so a PHP application and this one share
 * a stream:
 *
 *   stream entry      one field, `message`: the JSON `{"body":…,"headers":{…}}`, passed through
 *                     phpredis' serializer (Redis::OPT_SERIALIZER, SERIALIZER_PHP by default:
 *                     `s:<bytes>:"<json>";`)
 *   delayed message   a member of the sorted set `<stream>__queue`, scored with its due time in
 *                     ms: plain JSON `{"body":…,"headers":{…},"uniqid":…}` (phpredis' rawCommand
 *                     skips the serializer)
 */
import { randomBytes } from 'node:crypto';
import type { EncodedEnvelope } from '../serialization/Serializer.js';
import { SERIALIZER_JSON, SERIALIZER_NONE } from './RedisOptions.js';

/** The `message` field of a stream entry, as phpredis with this serializer would write it. */
export function streamValue(encoded: EncodedEnvelope, serializer: number): string {
  const json = JSON.stringify({ body: encoded.body, headers: encoded.headers });
  if (serializer === SERIALIZER_NONE) return json;
  if (serializer === SERIALIZER_JSON) return JSON.stringify(json);
  return `s:${Buffer.byteLength(json)}:"${json}";`;
}

/** A member of the delayed set; `uniqid` keeps two equal messages apart (a set holds a member once). */
export function delayedMember(encoded: EncodedEnvelope): { member: string; uniqid: string } {
  const uniqid = randomBytes(9).toString('base64');
  return { member: JSON.stringify({ body: encoded.body, headers: encoded.headers, uniqid }), uniqid };
}

/**
 * The JSON inside a stream value, whichever serializer wrote it (PHP, JSON or none): a value
 * written by one PHP app with another setting is still read. Anything else is returned as it is,
 * for the JSON parse to refuse.
 */
export function unwrapStreamValue(value: string): string {
  const php = /^s:(\d+):"/.exec(value);
  if (php !== null && value.endsWith('";')) {
    const inner = value.slice(php[0].length, -2);
    if (Buffer.byteLength(inner) === Number(php[1])) return inner;
  }
  if (value.startsWith('"')) {
    try {
      const decoded: unknown = JSON.parse(value);
      if (typeof decoded === 'string') return decoded;
    } catch {
      // Not the JSON serializer's: read as it is.
    }
  }
  return value;
}

/** What a stream value or a delayed member holds: the body and headers, or why it cannot be read. */
export type WireMessage =
  | { readonly ok: true; readonly body: string; readonly headers: Record<string, string> }
  | { readonly ok: false; readonly raw: string; readonly reason: string };

/**
 * Reads `{"body":…,"headers":{…}}` (extra keys such as uniqid are ignored), what Symfony's Redis
 * and Beanstalkd transports store; `what` names the container in the reasons.
 */
export function readWireMessage(json: string, what = 'the stream entry'): WireMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return { ok: false, raw: json, reason: `${what} is not JSON (${(error as Error).message})` };
  }
  const record = parsed as { body?: unknown; headers?: unknown } | null;
  if (record === null || typeof record !== 'object' || typeof record.body !== 'string')
    return { ok: false, raw: json, reason: `${what} has no "body" string` };
  // PHP's json_encode writes an empty array for empty headers.
  const headers = Array.isArray(record.headers) && record.headers.length === 0 ? {} : record.headers;
  if (headers !== undefined && (headers === null || typeof headers !== 'object' || Array.isArray(headers)))
    return { ok: false, raw: json, reason: `the "headers" of ${what} are not an object` };
  return { ok: true, body: record.body, headers: (headers ?? {}) as Record<string, string> };
}
