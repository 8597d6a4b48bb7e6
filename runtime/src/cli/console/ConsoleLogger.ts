import { interpolate, type LogContext, type Logger, type LogLevel } from '../../log/Logger.js';
import { paint, type Style } from './ansi.js';

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

/** Log lines as Symfony's console shows them: `12:00:01 WARNING   [messenger] Error thrown while handling…`. */
export class ConsoleLogger implements Logger {
  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly verbosity: number,
    private readonly colors: boolean,
    private readonly now: () => Date = () => new Date(),
  ) {}

  log(level: LogLevel, message: string, context?: LogContext): void {
    if (this.verbosity < SHOWN_FROM[level]) return;
    const time = this.now().toTimeString().slice(0, 8);
    const label = level.toUpperCase().padEnd(9);
    const style = STYLE[level];
    this.out.write(
      `${time} ${style ? paint(this.colors, style, label) : label} ${paint(this.colors, 'comment', '[messenger]')} ${interpolate(message, context)}\n`,
    );
  }
}
