import type { Envelope } from '../Envelope.js';
import { InvalidArgumentException } from '../errors/MessengerException.js';
import { RedeliveryStamp } from '../stamp/RedeliveryStamp.js';
import type { RetryStrategy } from './RetryStrategy.js';

export interface MultiplierRetryStrategyOptions {
  /** How many times a message is retried; default 3. */
  readonly maxRetries?: number;
  /** Milliseconds before the first retry; default 1000. */
  readonly delay?: number;
  /** Each retry waits this many times longer than the previous one; default 1 (Symfony's class default; the config default is 2). */
  readonly multiplier?: number;
  /** Upper bound of a delay in milliseconds; 0 means none. */
  readonly maxDelay?: number;
  /** Randomness added to each delay, as a fraction of it (0.1 = ±10%); default 0.1. */
  readonly jitter?: number;
  /** Returns a number in [0, 1); tests pass a fixed one. */
  readonly random?: () => number;
}

/**
 * Retries up to `maxRetries` times, waiting `delay × multiplier^retries` (± jitter, at most
 * `maxDelay`): with delay 1000 and multiplier 2, 1 s, 2 s, 4 s.
 */
export class MultiplierRetryStrategy implements RetryStrategy {
  readonly maxRetries: number;
  readonly delay: number;
  readonly multiplier: number;
  readonly maxDelay: number;
  readonly jitter: number;
  private readonly random: () => number;

  constructor(options: MultiplierRetryStrategyOptions = {}) {
    this.maxRetries = options.maxRetries ?? 3;
    this.delay = options.delay ?? 1000;
    this.multiplier = options.multiplier ?? 1;
    this.maxDelay = options.maxDelay ?? 0;
    this.jitter = options.jitter ?? 0.1;
    this.random = options.random ?? Math.random;
    if (!(this.delay >= 0))
      throw new InvalidArgumentException(`Delay must be greater than or equal to zero: "${this.delay}" given.`);
    if (!(this.multiplier >= 1))
      throw new InvalidArgumentException(
        `Multiplier must be greater than or equal to one: "${this.multiplier}" given.`,
      );
    if (!(this.maxDelay >= 0))
      throw new InvalidArgumentException(`Max delay must be greater than or equal to zero: "${this.maxDelay}" given.`);
    if (!(this.jitter >= 0 && this.jitter <= 1))
      throw new InvalidArgumentException(`Jitter must be between 0 and 1: "${this.jitter}" given.`);
  }

  isRetryable(envelope: Envelope): boolean {
    return RedeliveryStamp.getRetryCountFromEnvelope(envelope) < this.maxRetries;
  }

  getWaitingTime(envelope: Envelope): number {
    const retries = RedeliveryStamp.getRetryCountFromEnvelope(envelope);
    let delay = this.delay * this.multiplier ** retries;
    if (this.jitter > 0) {
      const randomness = Math.trunc(delay * this.jitter);
      // A whole number in [-randomness, +randomness], as PHP's random_int.
      delay += Math.floor(this.random() * (2 * randomness + 1)) - randomness;
    }
    if (this.maxDelay !== 0 && delay > this.maxDelay) return this.maxDelay;
    return Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(delay));
  }
}
