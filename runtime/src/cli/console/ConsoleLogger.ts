import { interpolate, type LogContext, type Logger, type LogLevel } from '../../log/Logger.js';
import type { Style } from './ansi.js';
import { type ConsoleOutput, styled } from './ConsoleOutput.js';

/** The verbosity (-v count) from which each level is shown, as Symfony's console handler maps them. */
const SHOWN_FROM: Readonly<Record<LogLevel, number>> = {
  emergency: 0,
  alert: 0,
  critical: 0,
  error: 0,
  warning: 0,
  notice: 1,
  info: 2,
  debug: 3,
};

const STYLE: Readonly<Partial<Record<LogLevel, Style>>> = {
  emergency: 'error',
  alert: 'error',
  critical: 'error',
  error: 'error',
  warning: 'comment',
};

/**
 * Log lines as Symfony's console shows them: `12:00:01 WARNING   [messenger] Error thrown while handling…`,
 * the context's values in the comment style; with -vvv (debug) the whole context follows each line, as
 * Symfony's console formatter dumps it in its multi-line mode.
 */
export class ConsoleLogger implements Logger {
  constructor(
    private readonly out: ConsoleOutput,
    private readonly verbosity: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  isHandling(level: LogLevel): boolean {
    return this.verbosity >= SHOWN_FROM[level];
  }

  log(level: LogLevel, message: string, context?: LogContext): void {
    if (!this.isHandling(level)) return;
    const time = this.now().toTimeString().slice(0, 8);
    const label = level.toUpperCase().padEnd(9);
    const style = STYLE[level];
    const text = interpolate(message, context, (value) => styled('comment', value));
    const dump = this.verbosity >= 3 && context !== undefined ? dumpContext(context) : '';
    this.out.write(
      `${time} ${style ? styled(style, label) : label} ${styled('comment', '[messenger]')} ${text}\n${dump}`,
    );
  }
}

/**
 * The context below its line, one entry a line, nested objects indented (a stamp list shows one
 * stamp a line: `    HandledStamp {"result":null,"handlerName":"…"}`).
 */
export function dumpContext(context: LogContext): string {
  const lines = Object.entries(context).flatMap(([key, value]) => dumpEntry(key, value, 1));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function dumpEntry(key: string, value: unknown, depth: number): string[] {
  const indent = '  '.repeat(depth);
  if (isRecord(value) && depth < 3)
    return [`${indent}${key}:`, ...Object.entries(value).flatMap(([k, v]) => dumpEntry(k, v, depth + 1))];
  if (Array.isArray(value) && value.length > 0 && value.every(isRecord) && depth > 1)
    return value.map((item) => `${indent}${key} ${compact(item)}`);
  return [`${indent}${key}: ${compact(value)}`];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function compact(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'bigint') return value.toString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // a cycle: the line itself still says what happened
  }
}
