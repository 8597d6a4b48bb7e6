import type { Cluster, Redis } from 'ioredis';
import { TransportException } from '../../errors/TransportException.js';
import { errorMessage } from '../../support/errorMessage.js';

export type RedisClient = Redis | Cluster;

/** A stream entry; `value` is null when the entry was deleted (trimmed) while still pending. */
export interface StreamEntry {
  readonly id: string;
  readonly value: string | null;
}

/** A Redis error reply (NOGROUP, BUSYGROUP…): the command reached the server, which refused it. */
export class RedisReplyException extends TransportException {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The commands of the transport on one client, with replies parsed into plain values and
 * errors turned into TransportExceptions that name the Redis (credentials masked).
 */
export class RedisCommands {
  constructor(
    readonly client: RedisClient,
    readonly label: string,
  ) {}

  async call<T = unknown>(command: string, ...args: Array<string | number>): Promise<T> {
    try {
      return (await this.client.call(command, ...args)) as T;
    } catch (error) {
      const message = errorMessage(error);
      const code = /^([A-Z]+) /.exec(message)?.[1];
      const text = `${this.label}: ${command} failed: ${message}`;
      throw code !== undefined && (error as { name?: string }).name === 'ReplyError'
        ? new RedisReplyException(text, code, { cause: error })
        : new TransportException(text, { cause: error });
    }
  }

  /** Runs the commands in one MULTI/EXEC (on keys of one slot). */
  async transaction(commands: ReadonlyArray<ReadonlyArray<string | number>>): Promise<void> {
    try {
      // Through `call`, as every other command: ioredis' multi() looks commands up by lowercase method name.
      const results = await this.client.multi(commands.map((command) => ['call', ...command])).exec();
      const failed = results?.find(([error]) => error !== null)?.[0];
      if (failed) throw failed;
    } catch (error) {
      throw new TransportException(`${this.label}: MULTI failed: ${errorMessage(error)}`, { cause: error });
    }
  }

  /** XRANGE replies: `[[id, [field, value…]]…]`. */
  static entries(raw: unknown): StreamEntry[] {
    if (!Array.isArray(raw)) return [];
    return raw.map(([id, fields]: [string, unknown]) => ({ id, value: fieldValue(fields) }));
  }

  /** One stream's entries: RESP2 replies `[[stream, entries]]`, RESP3 (a map) `[stream, entries]`. */
  static streamEntries(raw: unknown): StreamEntry[] {
    if (!Array.isArray(raw) || raw.length === 0) return [];
    return RedisCommands.entries(typeof raw[0] === 'string' ? raw[1] : (raw[0] as [string, unknown])[1]);
  }

  /** A flat `[key, value, key, value…]` reply (XINFO GROUPS items) as an object. */
  static record(raw: unknown): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    if (!Array.isArray(raw)) return record;
    for (let i = 0; i + 1 < raw.length; i += 2) record[String(raw[i])] = raw[i + 1];
    return record;
  }
}

/** The `message` field of an entry (Symfony writes no other). */
function fieldValue(fields: unknown): string | null {
  if (!Array.isArray(fields)) return null;
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'message') return String(fields[i + 1]);
  return fields.length >= 2 ? String(fields[1]) : null;
}
