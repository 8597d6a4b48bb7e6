/**
 * Retry and remove, one message or many, through `failed:retry` / `failed:remove`. A retry
 * handles the messages now, in the CLI's process, or (`requeue`, offered for many messages) sends
 * them back to the transports they failed on, in bulk, for those transports' workers. Bulk
 * actions first collect the ids they will act on (what the confirmation counts is exactly what
 * is acted on), then run in chunks, so a long retry reports progress and can be cancelled
 * between chunks. Cancelling never kills a running chunk (that would stop a retry in the middle
 * of a message, its handlers half run): the signal is checked between chunks only, and what
 * the chunks already did is returned.
 */
import { maskText } from '../masking/maskCredentials';
import { listArgs, removeArgs, type RetryMode, retryArgs, showArgs } from './failedCliArgs';
import {
  type FailedDetails,
  parseFailedDetails,
  parseFailedList,
  parseRemove,
  parseRetry,
  type RemoveOutcome,
  type RetryOutcome,
} from './failedJson';

export interface ActionRunOptions {
  /** 0: no time limit (a retry runs handlers, which may take long). */
  readonly timeoutMs?: number;
  /** `failed:retry` and `failed:remove` exit with 1 when an id was not found, yet print their result. */
  readonly acceptFailureResult?: boolean;
}

export type RunCli = (command: readonly string[], options?: ActionRunOptions) => Promise<unknown>;

export type Progress = (done: number, total: number) => void;

/** How a bulk action ended: all done, cancelled between chunks, or stopped by a chunk that failed after others succeeded. */
export interface BulkEnd {
  readonly cancelled: boolean;
  /** Why a later chunk failed (the first chunk's failure is thrown: nothing was done). */
  readonly failure?: string;
  /** The ids handed to the CLI, in order (whatever became of each: the outcome says). */
  readonly attempted: readonly string[];
  /** The ids of the chunk that failed (empty unless `failure`): which of them its call got to is unknown. */
  readonly unknown: readonly string[];
  /** The ids never handed to the CLI, left as they were: empty unless cancelled or stopped. */
  readonly notAttempted: readonly string[];
}

/** What a bulk action will act on: the ids, and the transports their messages failed on. */
export interface BulkTargets {
  readonly ids: string[];
  readonly origins: readonly string[];
}

/** The transports these messages failed on, each once, sorted. */
export function originsOf(messages: ReadonlyArray<{ readonly originalTransport: string | null }>): string[] {
  return [...new Set(messages.map((m) => m.originalTransport).filter((t): t is string => t !== null))].sort();
}

/** Ids per CLI call: each call starts the application once, and argv stays far below its limit. */
const CHUNK_SIZE = 250;
const EVERYTHING = 2 ** 31 - 1;

export class FailedActions {
  constructor(
    private readonly run: RunCli,
    private readonly chunkSize = CHUNK_SIZE,
  ) {}

  async details(transport: string, id: string): Promise<FailedDetails> {
    return parseFailedDetails(await this.run(showArgs(transport, id)));
  }

  /** Every id of a failure transport (of one class, when filtered), oldest first. */
  async ids(transport: string, classFilter?: string): Promise<string[]> {
    return (await this.targets(transport, classFilter)).ids;
  }

  /** Every id (see ids()), and the transports those messages failed on (where a requeue sends them), sorted. */
  async targets(transport: string, classFilter?: string): Promise<BulkTargets> {
    const list = parseFailedList(await this.run(listArgs(transport, EVERYTHING, classFilter), { timeoutMs: 300_000 }));
    return {
      ids: list.messages.map((m) => m.id).filter((id): id is string => id !== null),
      origins: originsOf(list.messages),
    };
  }

  /** `mode` requeue: sent back in bulk for the workers, nothing handled here (so the usual time limit applies). */
  async retry(
    transport: string,
    ids: readonly string[],
    progress?: Progress,
    signal?: AbortSignal,
    mode: RetryMode = 'handle',
  ): Promise<RetryOutcome & BulkEnd> {
    const results: Array<RetryOutcome['results'][number]> = [];
    let remaining: number | null = null;
    const end = await this.chunked(ids, progress, signal, async (chunk) => {
      const outcome = parseRetry(
        await this.run(retryArgs(transport, chunk, mode), {
          timeoutMs: mode === 'requeue' ? 300_000 : 0,
          acceptFailureResult: true,
        }),
      );
      results.push(...outcome.results);
      remaining = outcome.remaining;
    });
    return { transport, results, remaining, ...end };
  }

  async remove(
    transport: string,
    ids: readonly string[],
    progress?: Progress,
    signal?: AbortSignal,
  ): Promise<RemoveOutcome & BulkEnd> {
    const outcome = { transport, removed: [] as string[], notFound: [] as string[], kept: [] as string[] };
    const end = await this.chunked(ids, progress, signal, async (chunk) => {
      const result = parseRemove(
        await this.run(removeArgs(transport, chunk), { timeoutMs: 300_000, acceptFailureResult: true }),
      );
      outcome.removed.push(...result.removed);
      outcome.notFound.push(...result.notFound);
      outcome.kept.push(...result.kept);
    });
    return { ...outcome, ...end };
  }

  private async chunked(
    ids: readonly string[],
    progress: Progress | undefined,
    signal: AbortSignal | undefined,
    work: (chunk: readonly string[]) => Promise<void>,
  ): Promise<BulkEnd> {
    const split = (at: number, failed = 0) => ({
      attempted: ids.slice(0, at),
      unknown: ids.slice(at, at + failed),
      notAttempted: ids.slice(at + failed),
    });
    progress?.(0, ids.length);
    for (let start = 0; start < ids.length; start += this.chunkSize) {
      if (signal?.aborted) return { cancelled: true, ...split(start) };
      try {
        await work(ids.slice(start, start + this.chunkSize));
      } catch (error) {
        if (start === 0) throw error;
        return {
          cancelled: false,
          failure: maskText(error instanceof Error ? error.message : String(error)),
          ...split(start, this.chunkSize),
        };
      }
      progress?.(Math.min(start + this.chunkSize, ids.length), ids.length);
    }
    return { cancelled: false, ...split(ids.length) };
  }
}
