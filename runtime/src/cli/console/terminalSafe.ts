// Escape sequences: CSI (colors, cursor moves, clearing), OSC (window title, hyperlinks) up to BEL or ST,
// the short ESC forms, and the one-byte C1 CSI (\u009b).
const ESCAPE_SEQUENCE =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
// Other C0/C1 controls (\r rewrites the line, \b erases…) and bidi controls (reorder what is shown); \n and \t stay.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text made harmless for an operator's terminal: anyone who can put a message on a transport
 * could otherwise hide, forge or rewrite what the worker log or `failed:show` prints, or set
 * the window title. Only the console layer calls it (ConsoleOutput), on everything it writes.
 */
export function terminalSafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

// JSON.stringify escapes C0 controls itself; these it leaves raw, and a terminal may act on them.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text whose strings escape what a terminal could act on (`\u009b`, bidi controls) as
 * `\uXXXX`: a reader parses exactly the same data, and a person who prints it sees nothing move.
 */
export function terminalSafeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
