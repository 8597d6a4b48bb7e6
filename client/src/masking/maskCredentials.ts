/**
 * Credential masking for everything the extension shows: tree labels, hovers, the failed
 * message panel and output channels. DSNs are masked by the runtime's own `maskDsn`, so the
 * editor hides exactly what the CLI hides; this module finds DSNs inside free text and JSON.
 */
import { maskDsn } from '@messenger-ts/runtime/contract';

export const MASK = '****';

// A URL-like token: scheme://, then anything up to whitespace, a quote or a closing bracket.
const DSN_IN_TEXT = /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s'"`<>()[\]{}]*/g;

// Keys whose values are secrets wherever they appear (JSON bodies, stamps, error details).
const SECRET_KEY =
  /^(password|passwd|pass|pwd|secret|secret_key|client_secret|access_key|api_key|apikey|token|access_token|refresh_token|auth|authorization|sasl_password|key_password|private_key)$/i;

/** Masks every DSN found in a line of text (a log line, an error message, a stack trace). */
export function maskText(text: string): string {
  return text.includes('://') ? text.replace(DSN_IN_TEXT, (dsn) => maskDsn(dsn)) : text;
}

/** A deep copy of a JSON value with secret-named keys masked and DSNs in strings masked. */
export function maskJson(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskJson);
  if (value !== null && typeof value === 'object') {
    const masked: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      masked[key] =
        SECRET_KEY.test(key) && item !== null && item !== '' && typeof item !== 'object' ? MASK : maskJson(item);
    }
    return masked;
  }
  return value;
}

export { maskDsn };
