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

  log(level: LogLevel, message: string, context?: LogContext): void {
    if (this.verbosity < SHOWN_FROM[level]) return;
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

/** The context as indented JSON lines (an empty context: nothing). */
export function dumpContext(context: LogContext): string {
  if (Object.keys(context).length === 0) return '';
  let json: string;
  try {
    json = JSON.stringify(context, contextValue, 2);
  } catch {
    json = String(context); // a cycle: the line itself still says what happened
  }
  return `${json
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')}\n`;
}

function contextValue(_key: string, value: unknown): unknown {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function') return undefined;
  return value;
}
