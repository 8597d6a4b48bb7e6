/**
 * The `failed:*` command lines the extension runs (`--format json` is added by the runner).
 * Every command names its failure transport: a project may have several, and the default one
 * is only a default.
 */
/** What the Failed Messages view lists besides the class: text in the errors or body, the last hour, newest first. */
export interface ListQuery {
  readonly search?: string;
  readonly lastHour?: boolean;
  readonly newest?: boolean;
}

export function listArgs(transport: string, max: number, classFilter?: string, query: ListQuery = {}): string[] {
  return [
    'failed:show',
    '--transport',
    transport,
    '--max',
    String(max),
    ...(classFilter === undefined ? [] : ['--class-filter', classFilter]),
    ...(query.search ? ['--search', query.search] : []),
    ...(query.lastHour ? ['--since', '1h'] : []),
    ...(query.newest ? ['--sort', 'newest'] : []),
  ];
}

export function statsArgs(transport: string): string[] {
  return ['failed:show', '--transport', transport, '--stats'];
}

export function showArgs(transport: string, id: string): string[] {
  return ['failed:show', id, '--transport', transport];
}

/**
 * How a retry goes: `handle` now, in the CLI's process, one at a time (Symfony's failed:retry);
 * `requeue`: sent back to the transports they failed on, in bulk, for their workers.
 */
export type RetryMode = 'handle' | 'requeue';

/** Ids are given one by one: exactly the messages the user confirmed, never one that arrived since. */
export function retryArgs(transport: string, ids: readonly string[], mode: RetryMode = 'handle'): string[] {
  if (ids.length === 0) throw new Error('No message to retry.');
  return ['failed:retry', ...ids, '--transport', transport, '--force', ...(mode === 'requeue' ? ['--requeue'] : [])];
}

export function removeArgs(transport: string, ids: readonly string[]): string[] {
  if (ids.length === 0) throw new Error('No message to remove.');
  return ['failed:remove', ...ids, '--transport', transport, '--force'];
}
