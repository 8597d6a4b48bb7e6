/**
 * A line the runtime's console logger wrote on a worker's stderr (`12:00:01 WARNING   [messenger]
 * Lost the connection…`): its level and its text, without its time — the output channel puts
 * its own timestamp on every line, and two on one line read badly. Other lines (a stack trace, a
 * handler's console.error) are errors as they are.
 */
import type { LogLevel } from '../logging/logLevel';

const CONSOLE_LINE = /^\d\d:\d\d:\d\d ([A-Z]+) +(\[[\w.-]+\] .*)$/;

const LEVELS: Readonly<Record<string, LogLevel>> = {
  EMERGENCY: 'error',
  ALERT: 'error',
  CRITICAL: 'error',
  ERROR: 'error',
  WARNING: 'warn',
  NOTICE: 'info',
  INFO: 'info',
  DEBUG: 'debug',
};

export function parseConsoleLogLine(line: string): { readonly level: LogLevel; readonly text: string } {
  const match = CONSOLE_LINE.exec(line.trim());
  const level = match === null ? undefined : LEVELS[match[1]!];
  return level === undefined ? { level: 'error', text: line } : { level, text: match![2]! };
}
