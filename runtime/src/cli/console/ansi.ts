/** The styles of the console, as Symfony's output formatter names them. */
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

export const CODES: Readonly<Record<Style, readonly [open: string, close: string]>> = {
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

/** Colors only on a terminal, honouring NO_COLOR / FORCE_COLOR and --ansi / --no-ansi. */
export function colorsEnabled(stream: { readonly isTTY?: boolean }, override?: boolean): boolean {
  if (override !== undefined) return override;
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  if (process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}
