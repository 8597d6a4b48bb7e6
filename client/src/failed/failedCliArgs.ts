/**
 * The `failed:*` command lines the extension runs (`--format json` is added by the runner).
 * Every command names its failure transport: a project may have several, and the default one
 * is only a default.
 */
export function listArgs(transport: string, max: number, classFilter?: string): string[] {
  return [
    'failed:show',
    '--transport',
    transport,
    '--max',
    String(max),
    ...(classFilter === undefined ? [] : ['--class-filter', classFilter]),
  ];
}

export function statsArgs(transport: string): string[] {
  return ['failed:show', '--transport', transport, '--stats'];
}

export function showArgs(transport: string, id: string): string[] {
  return ['failed:show', id, '--transport', transport];
}

/** Ids are given one by one: exactly the messages the user confirmed, never one that arrived since. */
export function retryArgs(transport: string, ids: readonly string[]): string[] {
  if (ids.length === 0) throw new Error('No message to retry.');
  return ['failed:retry', ...ids, '--transport', transport, '--force'];
}

export function removeArgs(transport: string, ids: readonly string[]): string[] {
  if (ids.length === 0) throw new Error('No message to remove.');
  return ['failed:remove', ...ids, '--transport', transport, '--force'];
}
