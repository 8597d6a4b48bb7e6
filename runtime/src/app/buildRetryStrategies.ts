import type { MessengerConfig } from '../config/MessengerConfig.js';
import type { ConfigProblem } from '../errors/InvalidConfigurationException.js';
import { MultiplierRetryStrategy } from '../retry/MultiplierRetryStrategy.js';
import { isRetryStrategy, type RetryStrategy } from '../retry/RetryStrategy.js';

/** Each transport's retry strategy: the `service` named in its retry_strategy, else one built from the numbers. */
export function buildRetryStrategies(
  config: MessengerConfig,
  services: Readonly<Record<string, unknown>>,
  problems: ConfigProblem[],
): Map<string, RetryStrategy> {
  const strategies = new Map<string, RetryStrategy>();
  for (const transport of config.transports.values()) {
    const { service, maxRetries, delay, multiplier, maxDelay, jitter } = transport.retryStrategy;
    if (service === undefined) {
      strategies.set(transport.name, new MultiplierRetryStrategy({ maxRetries, delay, multiplier, maxDelay, jitter }));
      continue;
    }
    const strategy = services[service];
    if (isRetryStrategy(strategy)) {
      strategies.set(transport.name, strategy);
      continue;
    }
    problems.push({
      code: 'unknown-service',
      severity: 'error',
      path: `framework.messenger.transports.${transport.name}.retry_strategy.service`,
      location: transport.location,
      message: `Retry strategy "${service}" of transport "${transport.name}" is not available: pass an object with isRetryable() and getWaitingTime() in createMessenger({ services: { '${service}': … } }).`,
    });
  }
  return strategies;
}
