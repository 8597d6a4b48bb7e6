/** Log levels of the worker output channels, ordered from most to least severe. */
const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * Maps the level names a worker may print (PSR-3/Monolog's, as Symfony's console logger
 * uses, and Node's) onto ours; unknown names count as `info` so no line is lost.
 */
export function normalizeLogLevel(name: unknown): LogLevel {
  const text = typeof name === 'string' ? name.toLowerCase() : '';
  if (isLogLevel(text)) return text;
  if (['emergency', 'alert', 'critical', 'fatal', 'err'].includes(text)) return 'error';
  if (text === 'warning') return 'warn';
  if (['notice', 'log'].includes(text)) return 'info';
  if (text === 'verbose') return 'debug';
  return 'info';
}

/** Whether a line of `level` is shown when the channel's threshold is `threshold`. */
export function shouldLog(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}
