import { InvalidConfigurationException } from '../errors/InvalidConfigurationException.js';
import { MessengerException } from '../errors/MessengerException.js';
import type { OutputFormat } from './CommandContext.js';
import { JSON_FORMAT_VERSION, type JsonError } from './json/schema.js';
import type { SymfonyStyle } from './console/SymfonyStyle.js';
import { terminalSafeJson } from './console/terminalSafe.js';

/**
 * Shows an error the way a user can act on it: an [ERROR] block with the message (config
 * problems one per line with file:line:col); the stack only with -vvv. In JSON mode, a JSON
 * object on stdout (the `io` given), on one line (see JsonError), so tools reading the output, even the
 * line-by-line stream of `consume`, always get JSON.
 */
export function reportError(error: unknown, format: OutputFormat, io: SymfonyStyle, verbosity: number): void {
  const err = error instanceof Error ? error : new Error(String(error));
  if (format === 'json') {
    const problems = err instanceof InvalidConfigurationException ? err.problems : undefined;
    const json: JsonError = {
      version: JSON_FORMAT_VERSION,
      error: { class: err.name, message: err.message, ...(problems ? { problems } : {}) },
    };
    io.write(`${terminalSafeJson(json)}\n`);
    return;
  }
  io.error(err.message);
  if (verbosity >= 3 && err.stack) io.writeln(err.stack);
  // Messenger's own errors say what to do; anything else may be a bug worth a stack trace.
  else if (!(err instanceof MessengerException))
    io.writeln(io.style('comment', ` (${err.name}; run with -vvv for the stack trace)`));
}
