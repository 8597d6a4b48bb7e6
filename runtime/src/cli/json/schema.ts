/**
 * The JSON the `messenger` commands print with `--format json`: a stable contract for tools
 * (the VS Code extension drives the CLI through it). Every object carries `version`; fields
 * are only ever added within a version, and a change that could break a reader bumps it.
 *
 * - `consume` prints one {@link WorkerEventJson} per line (NDJSON) while it runs.
 * - `check` prints one {@link CheckJson} (the static analysis, from @messenger-ts/server).
 * - Every other command prints one JSON document when it is done.
 * - A failing command prints a {@link JsonError} (on one line) on stdout and exits with 1.
 *
 * Fields marked "added within version 1" are absent from the output of older runtimes: a reader
 * treats a missing one as unknown.
 *
 * Message ids are the transport's ids (row ids for the database transports), as strings or
 * numbers as the transport gives them. Times are ISO-8601 strings (UTC); durations are in
 * milliseconds.
 */
import type { HandlerMapping } from '../../app/HandlerMapping.js';

export const JSON_FORMAT_VERSION = 1;

export interface JsonError {
  readonly version: typeof JSON_FORMAT_VERSION;
  readonly error: {
    /** The error's class, e.g. `InvalidConfigurationException`, `TransportException`. */
    readonly class: string;
    readonly message: string;
    /** Configuration problems, each with its file, line and column (InvalidConfigurationException only). */
    readonly problems?: readonly unknown[];
  };
}

/** `debug [bus]`: per bus, the messages it can dispatch and their handlers, in the order they run. */
export interface DebugJson extends HandlerMapping {
  readonly version: typeof JSON_FORMAT_VERSION;
}

/** Counts a worker keeps since it started, repeated on every event. */
export interface WorkerCounts {
  readonly received: number;
  readonly handled: number;
  readonly failed: number;
  readonly retried: number;
}

/**
 * How a worker's counts read (`failed` and `retried` count attempts): messages handled =
 * `handled`; messages that failed for good (sent to the failure transport, or dropped) =
 * `failed - retried`; retries = `retried`.
 */
interface WorkerEventBase extends WorkerCounts {
  readonly version: typeof JSON_FORMAT_VERSION;
  /** When the event happened. */
  readonly at: string;
  /** Milliseconds since the worker started. */
  readonly uptimeMs: number;
  /** The process' resident set size, in bytes: what `--memory-limit` is compared with. Added within version 1. */
  readonly memoryBytes?: number;
}

/** A message, as the worker events describe it. */
export interface MessageJson {
  readonly transport: string;
  readonly id: string | number | null;
  /** The message's type name (its @AsMessage type, else its class name). */
  readonly class: string;
}

export interface ErrorJson {
  readonly class: string;
  readonly message: string;
  readonly code: string | number;
}

export type WorkerEventJson =
  | (WorkerEventBase & {
      readonly event: 'started';
      readonly pid: number;
      readonly transports: readonly string[];
      readonly queues: readonly string[] | null;
      readonly stopsWhen: readonly string[];
      /** `--memory-limit` in bytes, null without one. Added within version 1. */
      readonly memoryLimitBytes?: number | null;
    })
  | (WorkerEventBase & {
      readonly event: 'received';
      readonly message: MessageJson;
      /** How long the message waited in its transport since it became available (ms); null when the transport cannot tell. Added within version 1. */
      readonly waitMs?: number | null;
    })
  | (WorkerEventBase & {
      readonly event: 'handled';
      readonly message: MessageJson;
      readonly handlers: readonly string[];
      readonly durationMs: number;
    })
  | (WorkerEventBase & {
      readonly event: 'failed';
      readonly message: MessageJson;
      readonly error: ErrorJson;
      readonly willRetry: boolean;
      readonly retryCount: number;
      readonly durationMs: number;
    })
  | (WorkerEventBase & {
      readonly event: 'retried';
      readonly message: MessageJson;
      readonly retryCount: number;
      readonly delayMs: number;
    })
  /** Printed once each time the worker runs out of messages (not on every poll). */
  | (WorkerEventBase & { readonly event: 'idle' })
  | (WorkerEventBase & { readonly event: 'stopped'; readonly reason: string | null });

/** One message of a failure transport, as listed by `failed:show`. */
export interface FailedMessageSummaryJson {
  readonly id: string | number | null;
  readonly class: string;
  /** When it was sent to the failure transport (its last RedeliveryStamp). */
  readonly failedAt: string | null;
  /** The last error message. */
  readonly error: string | null;
  readonly errorClass: string | null;
  /** The transport it failed on. */
  readonly originalTransport: string | null;
  /** How many times it was retried before it landed here (the highest RedeliveryStamp count). */
  readonly retryCount: number;
  /** Whether the application could decode it (an undecodable message can only be shown or removed). */
  readonly decodable: boolean;
}

/** `failed:show [--max] [--class-filter] [--search] [--since] [--sort] [--transport]`. */
export interface FailedShowListJson {
  readonly version: typeof JSON_FORMAT_VERSION;
  readonly transport: string;
  /** Messages waiting in the failure transport, when it can count them (every message, filters aside). */
  readonly count: number | null;
  readonly classFilter: string | null;
  readonly max: number;
  readonly messages: readonly FailedMessageSummaryJson[];
  /** Text looked for in each message's errors and body (case-insensitive). Added within version 1. */
  readonly search?: string | null;
  /** Only messages that failed at or after this time. Added within version 1. */
  readonly since?: string | null;
  /** `oldest` first (the transport's order, the default) or `newest` first. Added within version 1. */
  readonly sort?: 'oldest' | 'newest';
  /**
   * How many messages match the class filter, search and since together (all of them, not only
   * the `max` listed); null without a filter. Added within version 1.
   */
  readonly matching?: number | null;
}

/** `failed:show --stats`. */
export interface FailedShowStatsJson {
  readonly version: typeof JSON_FORMAT_VERSION;
  readonly transport: string;
  readonly count: number | null;
  readonly stats: ReadonlyArray<{ readonly class: string; readonly count: number }>;
}

/** `failed:show <id>`: everything about one failed message. */
export interface FailedShowMessageJson {
  readonly version: typeof JSON_FORMAT_VERSION;
  readonly transport: string;
  readonly message: FailedMessageSummaryJson & {
    readonly errorCode: string | number | null;
    /** The last error's trace, as recorded. */
    readonly trace: string | null;
    /** Every error recorded, oldest first. */
    readonly errors: ReadonlyArray<ErrorJson & { readonly trace: string }>;
    /** Every redelivery, oldest first. */
    readonly redeliveries: ReadonlyArray<{ readonly retryCount: number; readonly redeliveredAt: string }>;
    /** The stamps by wire name, as they travel (JSON). */
    readonly stamps: Readonly<Record<string, readonly unknown[]>>;
    /** The message's properties, as encoded (null when it could not be decoded). */
    readonly body: unknown;
    /** Why it could not be decoded, if so. */
    readonly decodingError: string | null;
  };
}

export type FailedShowJson = FailedShowListJson | FailedShowStatsJson | FailedShowMessageJson;

/** What became of one message given to `failed:retry`. */
export interface RetryResultJson {
  readonly id: string | number | null;
  readonly class: string;
  /**
   * handled: it succeeded and left the failure transport; failed: it failed again (see
   * willRetry: whether it went back to the failure transport for another try); removed: the
   * user chose to delete it; skipped: it cannot be decoded, or the user declined (with
   * `--requeue`: it could not be sent back, see `reason`); not-found. requeued (only with
   * `--requeue`, added within version 1): it was sent back to `requeuedTo`, for its workers, and
   * left the failure transport.
   */
  readonly result: 'handled' | 'failed' | 'removed' | 'skipped' | 'not-found' | 'requeued';
  readonly error: ErrorJson | null;
  readonly willRetry: boolean;
  /**
   * Its id in the failure transport after it failed again and went back there; requeued, its
   * id in `requeuedTo` (when that transport has ids); null otherwise. Added within version 1.
   */
  readonly newId?: string | number | null;
  /** Requeued: the transport it was sent back to (the one it failed on). `--requeue` only; added within version 1. */
  readonly requeuedTo?: string | null;
  /** Why it was skipped, when it was not the user's choice. `--requeue` only; added within version 1. */
  readonly reason?: string | null;
}

/** `failed:retry`. */
export interface FailedRetryJson {
  readonly version: typeof JSON_FORMAT_VERSION;
  readonly transport: string;
  readonly results: readonly RetryResultJson[];
  /** Messages left in the failure transport, when it can count them. */
  readonly remaining: number | null;
}

/** `failed:remove`. */
export interface FailedRemoveJson {
  readonly version: typeof JSON_FORMAT_VERSION;
  readonly transport: string;
  readonly removed: ReadonlyArray<string | number>;
  readonly notFound: ReadonlyArray<string | number>;
  /** Ids the user chose to keep when asked. */
  readonly kept: ReadonlyArray<string | number>;
}

/** One transport in `stats`: its count, and what a monitoring transport tells besides. */
export interface TransportStatsJson {
  readonly name: string;
  readonly count: number;
  /** When the oldest waiting message became available; null when none waits. Monitoring transports only; added within version 1. */
  readonly oldestAvailableAt?: string | null;
  /** Consumers the backend sees consuming the transport now; null when it cannot tell. Added within version 1. */
  readonly consumers?: number | null;
  /** Changes whenever a message is added or removed (compare for equality only). Added within version 1. */
  readonly revision?: string;
}

/**
 * `stats [transport…]`. With `--watch`, one document per line (NDJSON): the first at once, then
 * one each time a transport's stats change, until the command is stopped.
 */
export interface StatsJson {
  readonly version: typeof JSON_FORMAT_VERSION;
  readonly transports: readonly TransportStatsJson[];
  /** Transports that cannot count their messages. */
  readonly uncountable: readonly string[];
  /** Names given that are not configured. */
  readonly unknown: readonly string[];
  /** When these stats were taken. Added within version 1. */
  readonly at?: string;
  /**
   * `--watch` only: transports whose stats could not be read this time (their database is down…);
   * their last stats stay in `transports`. Added within version 1.
   */
  readonly failing?: ReadonlyArray<{ readonly name: string; readonly error: string }>;
}

/** `setup-transports [transport]`. */
export interface SetupTransportsJson {
  readonly version: typeof JSON_FORMAT_VERSION;
  readonly transports: ReadonlyArray<{ readonly name: string; readonly result: 'set-up' | 'not-supported' }>;
}

/** `stop-workers`. */
export interface StopWorkersJson {
  readonly version: typeof JSON_FORMAT_VERSION;
  /** The file every worker of the project watches. */
  readonly signalFile: string;
  readonly requestedAt: string;
}

/** One finding of `check`: 1-based positions for people, and the end of its range for tools. */
export interface CheckDiagnosticJson {
  /** Relative to the working directory. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  /** A stable code: the analysis' own, or the configuration problem's. */
  readonly code: string;
  readonly message: string;
  /** Other places the finding involves. */
  readonly related?: ReadonlyArray<{
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly message: string;
  }>;
}

/**
 * `check [dir]`: every diagnostic of the project, sorted by file and position. Exits with 1 when
 * one is an error; with 2, and a {@link JsonError}, when there is no project to check.
 */
export interface CheckJson {
  readonly version: typeof JSON_FORMAT_VERSION;
  readonly diagnostics: readonly CheckDiagnosticJson[];
  readonly summary: {
    readonly error: number;
    readonly warning: number;
    readonly information: number;
    readonly hint: number;
  };
}
