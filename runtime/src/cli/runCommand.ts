import type { CommandContext, OutputFormat } from './CommandContext.js';
import { reportError } from './reportError.js';

/**
 * Wraps a command's action: its return value becomes the exit code, and any error is shown
 * as a message (JSON in --format json), never as a bare stack trace.
 */
export function runCommand<A extends unknown[]>(context: CommandContext, action: (...args: A) => Promise<number>) {
  return async (...args: A): Promise<void> => {
    const options = args.find(
      (a): a is { format?: OutputFormat; verbose?: number } => typeof a === 'object' && a !== null && !Array.isArray(a),
    );
    try {
      process.exitCode = await action(...args);
    } catch (error) {
      reportError(
        error,
        options?.format ?? 'txt',
        options?.format === 'json' ? context.io() : context.errorIo(),
        context.verbosity(),
      );
      process.exitCode = 1;
    }
  };
}
