/** Colors only on a terminal, honouring NO_COLOR / FORCE_COLOR and --ansi / --no-ansi. */
export type Style =
  | 'info'
  | 'comment'
  | 'error'
  | 'cyan'
  | 'bold'
  | 'success-block'
  | 'error-block'
  | 'warning-block'
  | 'note';

const CODES: Record<Style, [string, string]> = {
  info: ['\u001b[32m', '\u001b[39m'],
  comment: ['\u001b[33m', '\u001b[39m'],
  error: ['\u001b[31m', '\u001b[39m'],
  cyan: ['\u001b[36m', '\u001b[39m'],
  bold: ['\u001b[1m', '\u001b[22m'],
  'success-block': ['\u001b[30;42m', '\u001b[0m'],
  'error-block': ['\u001b[97;41m', '\u001b[0m'],
  'warning-block': ['\u001b[30;43m', '\u001b[0m'],
  note: ['\u001b[33m', '\u001b[39m'],
};

export function colorsEnabled(stream: { readonly isTTY?: boolean }, override?: boolean): boolean {
  if (override !== undefined) return override;
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  if (process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}

export function paint(enabled: boolean, style: Style, text: string): string {
  if (!enabled) return text;
  const [open, close] = CODES[style];
  return `${open}${text}${close}`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Visible width of a string that may contain color codes. */
export function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}
