/**
 * Reads what `messenger … --format json` printed. Success is any JSON value; failure is the
 * runtime's error object `{ "error": { class, message } }` (see runtime's reportError), or,
 * when the CLI could not even start, a plain text message on stderr.
 */
import { CliError } from './CliError';

/**
 * `acceptFailureResult`: the command may exit with 1 and still print its result (failed:retry
 * and failed:remove when an id was not found); that result is returned, not thrown.
 */
export function parseCliOutput(
  stdout: string,
  stderr: string,
  exitCode: number | null,
  command: string,
  acceptFailureResult = false,
): unknown {
  const json = tryParse(stdout);
  const reported = json !== undefined ? reportedError(json) : undefined;
  if (reported !== undefined) throw reported;
  if (json !== undefined && (exitCode === 0 || (acceptFailureResult && exitCode === 1))) return json;
  if (exitCode === 0)
    throw new CliError(
      `\`${command}\` did not print JSON. Is messenger.cliCommand the messenger CLI? It printed: ${excerpt(stdout || stderr)}`,
      undefined,
      exitCode,
    );
  throw new CliError(
    `\`${command}\` failed (exit code ${exitCode ?? 'none'}): ${excerpt(stderr || stdout) || 'no output'}`,
    undefined,
    exitCode,
  );
}

function reportedError(json: unknown): CliError | undefined {
  if (json === null || typeof json !== 'object' || !('error' in json)) return undefined;
  const error = (json as { error: unknown }).error;
  if (error === null || typeof error !== 'object') return undefined;
  // The message already lists configuration problems with their places (the runtime's
  // reportError); the map's diagnostics show them on their lines, so `problems` is not repeated.
  const { class: errorClass, message } = error as { class?: unknown; message?: unknown };
  return new CliError(
    typeof message === 'string' ? message : 'The messenger CLI reported an error.',
    typeof errorClass === 'string' ? errorClass : undefined,
    1,
  );
}

function tryParse(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const whole = parseOrUndefined(trimmed);
  if (whole !== undefined) return whole;
  // User code may print to stdout before the document (a handler's console.log during
  // failed:retry): the document is what comes last, from a line that starts with "{".
  const lines = trimmed.split('\n');
  for (let i = lines.length - 1; i > 0; i--) {
    if (!lines[i]!.startsWith('{')) continue;
    const document = parseOrUndefined(lines.slice(i).join('\n'));
    if (document !== undefined) return document;
  }
  return undefined;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// The last meaningful lines: where a stack trace or npm's noise ends, the cause usually is.
function excerpt(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  return lines.slice(-5).join('\n');
}
