import type { MessageBusInterface } from '../bus/MessageBus.js';
import type { Logger } from '../log/Logger.js';
import type { Clock } from '../worker/Clock.js';
import type { Dsn } from './Dsn.js';
import type { Serializer } from './serialization/Serializer.js';
import type { Transport } from './Transport.js';

/** One option a transport understands; the config loader checks and coerces values against it. */
export interface TransportOptionSpec {
  readonly type: 'string' | 'number' | 'boolean' | 'object' | 'array';
  readonly default?: unknown;
  readonly description: string;
}

export type TransportOptionsSpec = Readonly<Record<string, TransportOptionSpec>>;

export interface TransportContext {
  /** The transport's name in messenger.yaml. */
  readonly name: string;
  readonly serializer: Serializer;
  /** Directory relative paths in DSNs are resolved against. */
  readonly projectDir: string;
  /** The bus a `sync://` transport hands messages to. */
  readonly bus: MessageBusInterface;
  /** Environment variables (.env files, then the process environment), e.g. DATABASE_URL for `doctrine://default`. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Where transports read the time (delays, redelivery timeouts); default: the system clock. Tests pass a MockClock. */
  readonly clock?: Clock;
  /** The application's logger, for what a transport reports outside a worker's get() (see ReceiveOptions.logger). */
  readonly logger?: Logger;
}

/**
 * Creates transports for some DSN schemes. Factories are cheap to load: a factory imports its
 * driver (pg, ioredis…) only inside createTransport, so the config loader and the static
 * analysis can use the option specs without loading drivers.
 */
export interface TransportFactory {
  /** Schemes handled, e.g. `['sync']`; the registry is keyed by them. */
  readonly schemes: readonly string[];
  /** Human name used in messages, e.g. "SQLite". */
  readonly label: string;
  readonly options: TransportOptionsSpec;
  /** Accept (and ignore) options it does not know, as Symfony's sync and in-memory transports do. */
  readonly ignoresUnknownOptions?: boolean;
  /**
   * Whether messages go through the serializer with these options (default: they do). The
   * static analysis checks payloads only for transports that serialize.
   */
  serializes?(options: Readonly<Record<string, unknown>>): boolean;
  /** `options` are the DSN query merged with the YAML `options` (which win), already checked against the spec. */
  createTransport(
    dsn: Dsn,
    options: Readonly<Record<string, unknown>>,
    context: TransportContext,
  ): Transport | Promise<Transport>;
}

/** What a transport module exports for its factory: builds the transport from a DSN and checked options. */
export type CreateTransport = (
  dsn: Dsn,
  options: Readonly<Record<string, unknown>>,
  context: TransportContext,
) => Transport | Promise<Transport>;

/**
 * A factory for a transport whose module (and driver) loads on first use: the option specs are
 * plain data, `load` imports the module only when a transport is created.
 */
export abstract class LazyTransportFactory implements TransportFactory {
  constructor(
    readonly label: string,
    readonly schemes: readonly string[],
    readonly options: TransportOptionsSpec,
    private readonly load: () => Promise<CreateTransport>,
  ) {}

  async createTransport(
    dsn: Dsn,
    options: Readonly<Record<string, unknown>>,
    context: TransportContext,
  ): Promise<Transport> {
    return (await this.load())(dsn, options, context);
  }
}
