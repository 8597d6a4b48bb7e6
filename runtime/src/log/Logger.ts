/** PSR-3's levels, most severe first. */
export const LOG_LEVELS = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogContext = Readonly<Record<string, unknown>>;

/**
 * Where the worker and its listeners write what they do (PSR-3's LoggerInterface reduced to
 * one method). `{key}` placeholders in a message are filled from the context by the logger.
 */
export interface Logger {
  log(level: LogLevel, message: string, context?: LogContext): void;
  /**
   * Whether a record of this level is written at all (Monolog's isHandling). Optional; a worker
   * asks once, and builds no context for the per-message records of a level nobody reads.
   */
  isHandling?(level: LogLevel): boolean;
}

/**
 * Replaces `{key}` with the context's values, as PSR-3 loggers do; `decorate` wraps each value
 * (the console shows them in a style). Values are left as they are: a logger that writes to a
 * terminal makes the line terminal-safe (the CLI's ConsoleOutput does).
 */
export function interpolate(
  message: string,
  context: LogContext = {},
  decorate: (value: string) => string = (value) => value,
): string {
  return message.replace(/\{([A-Za-z0-9_.]+)\}/g, (placeholder, key: string) => {
    if (!Object.hasOwn(context, key)) return placeholder;
    const value = context[key];
    if (value === null || value === undefined) return '';
    return decorate(text(value));
  });
}

function text(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
