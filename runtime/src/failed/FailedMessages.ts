import type { Messenger } from '../app/Messenger.js';
import type { Envelope } from '../Envelope.js';
import type {
  FailedMessageSummaryJson,
  FailedShowMessageJson,
  FailedShowStatsJson,
  RetryResultJson,
} from '../cli/json/schema.js';
import type { Logger } from '../log/Logger.js';
import { isMessageCountAware, type ListableReceiver } from '../transport/Transport.js';
import { UndecodableMessage } from '../transport/serialization/UndecodableMessage.js';
import { describe, matchesClass, messageClass, messageId, summarize } from './describeFailed.js';
import { eachMessage, PAGE_SIZE } from './eachMessage.js';
import { type FailedQuery, failedAt, isFiltered, matches } from './failedQuery.js';
import { failureTransport } from './failureTransport.js';
import { requeueMessages } from './requeueMessages.js';
import { retryMessage } from './retryMessage.js';

/** A message id as the transport gives it (a row id for the database transports). */
export type MessageId = string | number;

/** A failed message in a list: its id, class, last error, when it failed and where. */
export type FailedMessage = FailedMessageSummaryJson;
/** Everything known about a failed message: every error with its trace, the redeliveries, the stamps, the body. */
export type FailedMessageDetails = FailedShowMessageJson['message'];
/** How many failed messages of one class wait. */
export type FailedMessageStats = FailedShowStatsJson['stats'];
/** What became of a message given to retry(). */
export type RetryResult = RetryResultJson;
/** What became of a message given to remove(). */
export interface RemoveResult {
  readonly id: MessageId | null;
  readonly result: 'removed' | 'not-found';
}

/** A message to act on: its id, or the envelope found or listed earlier. */
export type FailedMessageTarget = MessageId | Envelope;

export interface FailedMessagesOptions {
  /** The failure transport; by default the global `failure_transport` (as `--transport` in the commands). */
  readonly transport?: string;
}

/** Hears of each result of a bulk action as it comes: the result, how many are done, of how many. */
export type OnResult<R> = (result: R, done: number, total: number) => void;

export interface BulkOptions {
  /** Only messages of this class (its @AsMessage type, class name, or a name the registry knows it by). */
  readonly classFilter?: string;
}

/**
 * The failure transport's messages, to show, retry and remove from code: what the
 * `messenger failed:show`, `failed:retry` and `failed:remove` commands do (they are built on
 * it), for an application, an admin page or a test. Works on listable transports (all the
 * built-in ones that can be failure transports). The application must stay open while it is used.
 */
export class FailedMessages {
  /** The failure transport's name. */
  readonly transportName: string;
  private readonly receiver: ListableReceiver;

  constructor(
    private readonly messenger: Messenger,
    options: FailedMessagesOptions = {},
  ) {
    const failure = failureTransport(messenger, options.transport);
    this.transportName = failure.name;
    this.receiver = failure.receiver;
  }

  /** How many messages wait, when the transport can count them (null otherwise). */
  async count(): Promise<number | null> {
    return isMessageCountAware(this.receiver) ? this.receiver.getMessageCount() : null;
  }

  /** The first `max` messages (default 50), oldest first; `classFilter` applies before the limit. */
  async list(options: BulkOptions & { readonly max?: number } = {}): Promise<FailedMessage[]> {
    const max = options.max ?? 50;
    const envelopes: Envelope[] = [];
    if (options.classFilter === undefined) envelopes.push(...(await this.receiver.all(max)));
    else
      for await (const envelope of this.all(options)) {
        if (envelopes.length === max) break;
        envelopes.push(envelope);
      }
    return envelopes.map((envelope) => summarize(envelope, this.messenger.messageTypes));
  }

  /**
   * The first `max` messages (default 50) that match the query, in its order, and how many match
   * in all (null without a filter, when every message does). A filter reads every message, a
   * page at a time; the newest messages without one are the transport's last page.
   */
  async query(
    query: FailedQuery & { readonly max?: number } = {},
  ): Promise<{ messages: FailedMessage[]; matching: number | null }> {
    const max = query.max ?? 50;
    const newest = query.sort === 'newest';
    let kept: Envelope[] = [];
    // Newest first keeps the last `max` seen (the transport lists oldest first).
    const keep = (envelope: Envelope): void => {
      if (!newest && kept.length >= max) return;
      kept.push(envelope);
      if (kept.length > max) kept.shift();
    };
    let matching: number | null = null;
    if (isFiltered(query)) {
      matching = 0;
      const serializer = this.messenger.getSerializer(this.transportName);
      for await (const envelope of eachMessage(this.receiver)) {
        if (!matches(envelope, query, this.messenger.messageTypes, serializer)) continue;
        matching++;
        keep(envelope);
      }
    } else if (newest) {
      const count = await this.count();
      if (count !== null) kept = [...(await this.receiver.all(max, Math.max(0, count - max)))];
      else for await (const envelope of eachMessage(this.receiver)) keep(envelope);
    } else kept = [...(await this.receiver.all(max))];
    // The transport's order is nearly the time order (a retried message goes to the end): make it exact.
    if (newest) kept.sort((a, b) => (failedAt(b) ?? 0) - (failedAt(a) ?? 0));
    return { messages: kept.map((envelope) => summarize(envelope, this.messenger.messageTypes)), matching };
  }

  /** Every message (of a class), read a page at a time, so a large transport is never held in memory. */
  async *all(options: BulkOptions = {}): AsyncGenerator<Envelope> {
    for await (const envelope of eachMessage(this.receiver)) {
      if (options.classFilter === undefined || matchesClass(envelope, options.classFilter, this.messenger.messageTypes))
        yield envelope;
    }
  }

  /** How many messages wait per class (every message is counted). */
  async stats(): Promise<FailedMessageStats> {
    const counts = new Map<string, number>();
    for await (const envelope of this.all()) {
      const name = messageClass(envelope, this.messenger.messageTypes);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return [...counts].map(([name, count]) => ({ class: name, count }));
  }

  /** The message with this id (and of this class, when filtered), if it is there. */
  async find(id: MessageId, options: BulkOptions = {}): Promise<Envelope | undefined> {
    const envelope = await this.receiver.find(id);
    if (envelope === undefined || options.classFilter === undefined) return envelope;
    return matchesClass(envelope, options.classFilter, this.messenger.messageTypes) ? envelope : undefined;
  }

  /** Everything about the message with this id (`failed:show <id>`), if it is there. */
  async show(id: MessageId): Promise<FailedMessageDetails | undefined> {
    const envelope = await this.find(id);
    return envelope === undefined ? undefined : this.describe(envelope);
  }

  describe(envelope: Envelope): FailedMessageDetails {
    return describe(envelope, this.messenger.messageTypes, this.messenger.getSerializer(this.transportName));
  }

  /**
   * Handles the message again, as a worker consuming the failure transport would: handled, it
   * leaves the transport; failing again, the failure transport's retry rules apply (`willRetry`:
   * it went back for a later try). A message the application cannot decode is skipped (it can
   * only be shown or removed). Worker log lines go to `logger` (default: the application's).
   */
  async retry(target: FailedMessageTarget, options: { readonly logger?: Logger } = {}): Promise<RetryResult> {
    const envelope = await this.envelopeOf(target);
    if (envelope === undefined) return notFound(target);
    const base = { id: messageId(envelope), class: messageClass(envelope, this.messenger.messageTypes) };
    if (envelope.message instanceof UndecodableMessage)
      return { ...base, result: 'skipped', error: null, willRetry: false, newId: null };
    return {
      ...base,
      ...(await retryMessage(this.messenger, this.transportName, this.receiver, envelope, options.logger)),
    };
  }

  /**
   * Sends the messages back to the transports they failed on (their SentToFailureTransportStamp),
   * to be handled later by those transports' workers, instead of now in this process as retry()
   * does: one bulk send per transport for each `batchSize` messages (default 100), then they
   * leave the failure transport, only once sent (a crash in between can duplicate a message,
   * never lose one). A message that cannot go back (undecodable, original transport unknown,
   * gone from the configuration, sync:// or unavailable) stays, `skipped` with the `reason`;
   * retry() can still handle it here. Results come in the order of `targets`. A send that fails
   * throws: the messages of that send, and those after it, stay in the failure transport.
   */
  async requeue(
    targets: readonly FailedMessageTarget[],
    options: {
      readonly batchSize?: number;
      readonly onResult?: OnResult<RetryResult>;
    } = {},
  ): Promise<RetryResult[]> {
    const batchSize = Math.max(1, options.batchSize ?? PAGE_SIZE);
    const results: RetryResult[] = [];
    for (let start = 0; start < targets.length; start += batchSize) {
      const batch = targets.slice(start, start + batchSize);
      const envelopes = await Promise.all(batch.map((target) => this.envelopeOf(target)));
      const found = envelopes.filter((envelope): envelope is Envelope => envelope !== undefined);
      const outcomes = await requeueMessages(this.messenger, this.transportName, this.receiver, found);
      let next = 0;
      batch.forEach((target, i) => {
        const envelope = envelopes[i];
        const result: RetryResult =
          envelope === undefined
            ? notFound(target)
            : {
                id: messageId(envelope),
                class: messageClass(envelope, this.messenger.messageTypes),
                error: null,
                willRetry: false,
                newId: null,
                ...outcomes[next++]!,
              };
        results.push(result);
        options.onResult?.(result, results.length, targets.length);
      });
    }
    return results;
  }

  /** Requeues every message (of a class): see requeue(). */
  async requeueAll(
    options: BulkOptions & {
      readonly batchSize?: number;
      readonly onResult?: OnResult<RetryResult>;
    } = {},
  ): Promise<RetryResult[]> {
    return this.requeue(await this.targets(options), options);
  }

  /** Deletes the message for good. */
  async remove(target: FailedMessageTarget): Promise<RemoveResult> {
    const envelope = await this.envelopeOf(target);
    if (envelope === undefined) return { id: typeof target === 'object' ? null : target, result: 'not-found' };
    await this.receiver.reject(envelope);
    return { id: messageId(envelope) ?? (typeof target === 'object' ? null : target), result: 'removed' };
  }

  /**
   * What a bulk action will act on, taken before it starts: a message that fails again comes
   * back under a new id and is not retried twice in one run. Ids only (a message without one
   * is kept whole), so a large transport is never held in memory.
   */
  async targets(options: BulkOptions = {}): Promise<FailedMessageTarget[]> {
    const targets: FailedMessageTarget[] = [];
    for await (const envelope of this.all(options)) targets.push(messageId(envelope) ?? envelope);
    return targets;
  }

  /** Retries every message (of a class); `onResult` hears of each as it is done. */
  async retryAll(
    options: BulkOptions & {
      readonly logger?: Logger;
      readonly onResult?: OnResult<RetryResult>;
    } = {},
  ): Promise<RetryResult[]> {
    return this.each(await this.targets(options), (target) => this.retry(target, options), options.onResult);
  }

  /** Removes every message (of a class); one gone meanwhile (handled by a worker) is reported not found. */
  async removeAll(options: BulkOptions & { readonly onResult?: OnResult<RemoveResult> } = {}): Promise<RemoveResult[]> {
    return this.each(await this.targets(options), (target) => this.remove(target), options.onResult);
  }

  private async each<R>(
    targets: readonly FailedMessageTarget[],
    act: (target: FailedMessageTarget) => Promise<R>,
    onResult: OnResult<R> | undefined,
  ): Promise<R[]> {
    const results: R[] = [];
    for (const target of targets) {
      results.push(await act(target));
      onResult?.(results.at(-1)!, results.length, targets.length);
    }
    return results;
  }

  private async envelopeOf(target: FailedMessageTarget): Promise<Envelope | undefined> {
    return typeof target === 'object' ? target : this.receiver.find(target);
  }
}

/** What retry() and requeue() say of a message that is not (or no longer) in the failure transport. */
function notFound(target: FailedMessageTarget): RetryResult {
  return { id: String(target), class: '', result: 'not-found', error: null, willRetry: false, newId: null };
}
