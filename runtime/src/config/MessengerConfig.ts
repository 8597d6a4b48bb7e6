import type { SourceLocation } from './SourceLocation.js';

/**
 * framework.messenger, normalized: defaults applied, `%env()%` resolved, DSN queries merged
 * into options. Every element keeps where it was written.
 */
export interface MessengerConfig {
  /** The environment (APP_ENV) the config was loaded for. */
  readonly env: string;
  readonly projectDir: string;
  /** Config and .env files read, in order. */
  readonly files: readonly string[];
  readonly transports: ReadonlyMap<string, TransportConfig>;
  readonly routing: readonly RoutingRuleConfig[];
  readonly failureTransport: string | undefined;
  readonly defaultBus: string;
  readonly buses: ReadonlyMap<string, BusConfig>;
  readonly serializer: SerializerConfig;
  /** Signals that make a worker stop after its current message (`stop_worker_on_signals`). */
  readonly stopWorkerOnSignals: readonly NodeJS.Signals[];
  /** Variables defined in .env files (not the process environment). */
  readonly dotenvVariables: Readonly<Record<string, string>>;
}

export interface RetryStrategyConfig {
  /** A service implementing RetryStrategy; overrides the numbers below. */
  readonly service: string | undefined;
  readonly maxRetries: number;
  /** Milliseconds before the first retry. */
  readonly delay: number;
  readonly multiplier: number;
  /** Upper bound for a delay in milliseconds; 0 means none. */
  readonly maxDelay: number;
  /** Randomness added to each delay, as a fraction (0.1 = ±10%). */
  readonly jitter: number;
}

export const DEFAULT_RETRY_STRATEGY: RetryStrategyConfig = {
  service: undefined,
  maxRetries: 3,
  delay: 1000,
  multiplier: 2,
  maxDelay: 0,
  jitter: 0.1,
};

export interface TransportConfig {
  readonly name: string;
  /** The DSN with placeholders resolved. Contains credentials: show it only through maskDsn(). */
  readonly dsn: string;
  /** The DSN as written (e.g. `%env(MESSENGER_TRANSPORT_DSN)%`). */
  readonly dsnTemplate: string;
  /** DSN query merged with `options` (options win), coerced to the transport's option types. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly serializer: string | undefined;
  readonly retryStrategy: RetryStrategyConfig;
  readonly failureTransport: string | undefined;
  readonly rateLimiter: string | undefined;
  readonly location: SourceLocation;
  readonly dsnLocation: SourceLocation;
  /** Where each key under `options` is written (options from the DSN query are at dsnLocation). */
  readonly optionLocations?: Readonly<Record<string, SourceLocation>>;
}

export interface RoutingRuleConfig {
  /** The routing key: a class name, a namespaced name, or `*`. */
  readonly message: string;
  readonly transports: readonly string[];
  readonly location: SourceLocation;
  readonly transportLocations: readonly SourceLocation[];
}

export interface MiddlewareConfig {
  readonly id: string;
  readonly arguments: readonly unknown[];
  readonly location: SourceLocation;
}

export interface BusConfig {
  readonly name: string;
  /** `false` disables the default middleware; `'allow_no_handlers'` keeps it but accepts messages without handlers. */
  readonly defaultMiddleware: boolean | 'allow_no_handlers';
  readonly middleware: readonly MiddlewareConfig[];
  readonly location: SourceLocation | undefined;
}

export interface SerializerConfig {
  readonly defaultSerializer: string;
  readonly format: string;
  readonly context: Readonly<Record<string, unknown>>;
}

export const DEFAULT_BUS = 'messenger.bus.default';
export const SYMFONY_SERIALIZER = 'messenger.transport.symfony_serializer';
export const NATIVE_PHP_SERIALIZER = 'messenger.transport.native_php_serializer';

/** PHP's serialize() has no Node counterpart: both of Symfony's ids mean the JSON serializer here. */
export function isJsonSerializerId(id: string): boolean {
  return id === SYMFONY_SERIALIZER || id === NATIVE_PHP_SERIALIZER;
}
