/**
 * The limits of `messenger consume` (Symfony's messenger:consume options), as the Workers
 * view's "start" form collects them, turned into command-line arguments.
 */
export interface ConsumeOptions {
  /** Receivers to consume, in priority order. */
  readonly transports: readonly string[];
  /** Stop after this many messages. */
  readonly limit?: number;
  /** Stop after this many failed messages. */
  readonly failureLimit?: number;
  /** Stop when memory exceeds this, e.g. `128M`. */
  readonly memoryLimit?: string;
  /** Stop after this many seconds. */
  readonly timeLimit?: number;
  /** Seconds to sleep when no message is waiting. */
  readonly sleep?: number;
  /** The bus consumed messages are dispatched on (default: the bus stamped on each message). */
  readonly bus?: string;
  /** Only these queues of the receivers. */
  readonly queues?: readonly string[];
  /** Do not reset services between messages. */
  readonly noReset?: boolean;
  /** Messages taken from the transport at once (--fetch-size; default 1). */
  readonly fetchSize?: number;
  /** Messages handled at once in the worker's process (--concurrency; default 1). */
  readonly concurrency?: number;
}

export function consumeArguments(options: ConsumeOptions): string[] {
  if (options.transports.length === 0) throw new Error('Choose at least one transport to consume.');
  const args = ['consume', ...options.transports];
  const positive = (name: string, value: number | undefined): void => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${value}.`);
    args.push(`--${name}=${value}`);
  };
  positive('limit', options.limit);
  positive('failure-limit', options.failureLimit);
  if (options.memoryLimit !== undefined) {
    if (!/^\d+[KMG]?$/i.test(options.memoryLimit))
      throw new Error(`--memory-limit must look like 128M, got "${options.memoryLimit}".`);
    args.push(`--memory-limit=${options.memoryLimit}`);
  }
  positive('time-limit', options.timeLimit);
  if (options.sleep !== undefined) {
    if (!Number.isFinite(options.sleep) || options.sleep < 0)
      throw new Error(`--sleep must be zero or more seconds, got ${options.sleep}.`);
    args.push(`--sleep=${options.sleep}`);
  }
  positive('fetch-size', options.fetchSize);
  positive('concurrency', options.concurrency);
  if (options.bus) args.push(`--bus=${options.bus}`);
  for (const queue of options.queues ?? []) args.push(`--queues=${queue}`);
  if (options.noReset) args.push('--no-reset');
  return args;
}
