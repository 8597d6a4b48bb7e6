/**
 * Checks that a CLI answer is the `--format json` document this extension reads (the runtime's
 * contract, runtime/src/cli/json/schema.ts): an object with the format version we know. Each
 * parser of the failed/ and stats/ folders starts here, so a runtime that moved to another
 * version gives one clear message instead of a view full of undefined.
 */
import { JSON_FORMAT_VERSION } from '@messenger-ts/runtime/contract';
import { CliError } from './CliError';

export function contractObject(json: unknown, command: string): Readonly<Record<string, unknown>> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new CliError(`\`messenger ${command}\` printed something other than a JSON object.`);
  }
  const version = (json as { version?: unknown }).version;
  if (version !== JSON_FORMAT_VERSION) {
    throw new CliError(
      `\`messenger ${command}\` prints JSON format version ${String(version)}; this extension reads version ${JSON_FORMAT_VERSION}. Update the extension or @messenger-ts/runtime so they match.`,
    );
  }
  return json as Record<string, unknown>;
}

export function arrayField(
  object: Readonly<Record<string, unknown>>,
  field: string,
  command: string,
): readonly unknown[] {
  const value = object[field];
  if (!Array.isArray(value)) throw new CliError(`\`messenger ${command}\` printed no "${field}" list.`);
  return value;
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Message ids are strings or numbers, as the transport gives them; the extension keeps strings. */
export function idOf(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}
