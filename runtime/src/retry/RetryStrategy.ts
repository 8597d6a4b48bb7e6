import type { Envelope } from '../Envelope.js';

/**
 * Decides whether a failed message is retried and after how long (Symfony's
 * RetryStrategyInterface). Configure one per transport with `retry_strategy`, or name your own
 * object with `retry_strategy.service` and pass it in createMessenger({ services }).
 */
export interface RetryStrategy {
  isRetryable(envelope: Envelope, error?: unknown): boolean;
  /** Milliseconds to wait before the retry. */
  getWaitingTime(envelope: Envelope, error?: unknown): number;
}

export function isRetryStrategy(value: unknown): value is RetryStrategy {
  const candidate = value as Partial<RetryStrategy> | null;
  return typeof candidate?.isRetryable === 'function' && typeof candidate.getWaitingTime === 'function';
}
