/**
 * Pretty JSON cut into tokens (key, string, number, literal, punctuation, space) for the
 * failed-message panel, which colours them. The panel's script makes one text node per token,
 * never HTML, so a message body cannot inject markup whatever it contains.
 */
export type JsonTokenKind = 'key' | 'string' | 'number' | 'literal' | 'punctuation' | 'space';

export interface JsonToken {
  readonly kind: JsonTokenKind;
  readonly text: string;
}

// In JSON.stringify's output: a string (then maybe a colon: it was a key), a number, a literal, punctuation, whitespace.
const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\],])|(\s+)/gy;

export function jsonTokens(value: unknown): JsonToken[] {
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  const tokens: JsonToken[] = [];
  let position = 0;
  while (position < text.length) {
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (match === null) {
      // Anything the pattern did not expect stays text: nothing is ever dropped.
      tokens.push({ kind: 'string', text: text.slice(position) });
      break;
    }
    const [, string, colon, number, literal, punctuation, space] = match;
    if (string !== undefined) {
      tokens.push({ kind: colon ? 'key' : 'string', text: string });
      if (colon) tokens.push({ kind: 'punctuation', text: colon });
    } else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (literal !== undefined) tokens.push({ kind: 'literal', text: literal });
    else if (punctuation !== undefined) tokens.push({ kind: 'punctuation', text: punctuation });
    else tokens.push({ kind: 'space', text: space ?? '' });
    position = TOKEN.lastIndex;
  }
  return tokens;
}
