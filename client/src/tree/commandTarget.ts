/**
 * What a command received, in one shape: a row of a view (VS Code passes the TreeNode, whose
 * `data` says what it is about) or the plain object a row's click command passes.
 */
export interface CommandTarget {
  readonly transport?: string;
  readonly id?: string;
  readonly className?: string;
  readonly filter?: string;
  readonly workerId?: number;
}

export function targetOf(arg: unknown): CommandTarget {
  if (arg === null || typeof arg !== 'object') return {};
  const data = (
    'data' in arg && typeof (arg as { data?: unknown }).data === 'object' ? (arg as { data: object }).data : arg
  ) as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  return {
    transport: text('transport'),
    id: text('id'),
    className: text('className') ?? text('class'),
    filter: text('filter'),
    workerId: typeof data['workerId'] === 'number' ? (data['workerId'] as number) : undefined,
  };
}
