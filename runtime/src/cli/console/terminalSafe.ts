/* eslint-disable no-control-regex */
// Escape sequences (CSI such as colors and cursor moves, OSC such as window titles and hyperlinks, and the short ESC forms).
const ESCAPE_SEQUENCE =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
// Other C0/C1 controls (\r rewrites the line, \b erases…) and bidi overrides (reorder what is shown); \n and \t stay.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text that came from a message (its body, its error) made harmless for an operator's
 * terminal: anyone who can put a message on a transport could otherwise hide, forge or
 * rewrite what `failed:show` prints, or set the window title.
 */
export function terminalSafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}
