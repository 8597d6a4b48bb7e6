import type { Cluster, Redis } from 'ioredis';
import { TransportException } from '../../errors/TransportException.js';
import { errorMessage } from '../../support/errorMessage.js';

export type RedisClient = Redis | Cluster;

/** A stream entry; `value` is null when the entry was deleted (trimmed) while still pending. */
export interface StreamEntry {
  readonly id: string;
  readonly value: string | null;
}

/** Before its first connection, a client gives up after this many tries: a wrong host or a server that is down fails fast. */
const FIRST_CONNECT_ATTEMPTS = 3;

/** What the transport knows of its connection: whether it ever worked, the last error, whether it was closed. */
export class ConnectionState {
  everReady = false;
  lastError = '';
  closed = false;

  /** ioredis' retry strategy: give up early before the first connection; afterwards keep trying (growing pauses, or retry_interval). */
  retryDelay(times: number, retryInterval: number): number | null {
    if (!this.everReady && times > FIRST_CONNECT_ATTEMPTS) return null;
    return retryInterval > 0 ? retryInterval : Math.min(times * 100, 2000);
  }
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
    private readonly state: ConnectionState = new ConnectionState(),
  ) {}

  async call<T = unknown>(command: string, ...args: Array<string | number>): Promise<T> {
    // A client that gave up connecting (the server was down) tries again when it is used again.
    if (this.client.status === 'end' && !this.state.closed) this.client.connect().catch(() => undefined);
    try {
      return (await this.client.call(command, ...args)) as T;
    } catch (error) {
      const reason = errorMessage(error);
      const message =
        this.state.lastError !== '' && !reason.includes(this.state.lastError)
          ? `${reason} (${this.state.lastError})`
          : reason;
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
