/**
 * The beanstalkd protocol (protocol.txt of beanstalkd 1.x): commands are one ASCII line ending
 * in CRLF, `put` followed by its job body and CRLF; each command gets one reply line, which for
 * RESERVED, FOUND and OK announces a body of so many bytes (then CRLF). Replies come in the
 * order the commands were sent, so commands can be pipelined.
 */
import { InvalidArgumentException } from '../../errors/MessengerException.js';

const CRLF = Buffer.from('\r\n');

/** The replies that announce a body: `RESERVED <id> <bytes>`, `FOUND <id> <bytes>`, `OK <bytes>`. */
const WITH_BODY = /^(?:RESERVED|FOUND) \d+ (\d+)$|^OK (\d+)$/;

/** The longest reply line a server sends (`USING <200-byte tube name>`), with room to spare. */
const MAX_LINE = 1024;

/** A reply: its first line split on spaces (`['RESERVED', '12', '5']`), and the body that followed, if any. */
export interface Reply {
  readonly words: readonly string[];
  readonly body?: Buffer;
}

/** The server sent something that is not a reply of the protocol. */
export class ProtocolError extends Error {}

/**
 * Cuts the byte stream from the server into replies. Feed it each chunk as it arrives; it
 * returns the replies completed by that chunk, and keeps a partial line or body for the next one.
 */
export class ReplyParser {
  private pending: Buffer = Buffer.alloc(0);
  /** The reply whose body is awaited, with the body's length. */
  private header: { words: string[]; length: number } | undefined;

  feed(chunk: Buffer): Reply[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const replies: Reply[] = [];
    for (;;) {
      const reply = this.next();
      if (reply === undefined) return replies;
      replies.push(reply);
    }
  }

  private next(): Reply | undefined {
    if (this.header !== undefined) {
      const { words, length } = this.header;
      if (this.pending.length < length + 2) return undefined;
      if (this.pending[length] !== 13 || this.pending[length + 1] !== 10)
        throw new ProtocolError(`the body of a ${words[0]} reply does not end with CRLF`);
      // A copy: the body outlives the chunk it came in.
      const body = Buffer.from(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length + 2);
      this.header = undefined;
      return { words, body };
    }
    const end = this.pending.indexOf(CRLF);
    if (end === -1) {
      if (this.pending.length > MAX_LINE) throw new ProtocolError('a reply line is longer than any the protocol has');
      return undefined;
    }
    const line = this.pending.toString('latin1', 0, end);
    this.pending = this.pending.subarray(end + 2);
    const words = line.split(' ');
    const announced = WITH_BODY.exec(line);
    if (announced === null) return { words };
    this.header = { words, length: Number(announced[1] ?? announced[2]) };
    return this.next();
  }
}

/** A command line, ready to write. */
export function command(...words: ReadonlyArray<string | number>): Buffer {
  return Buffer.from(`${words.join(' ')}\r\n`, 'latin1');
}

/** `put <pri> <delay> <ttr> <bytes>` followed by the job body. */
export function putCommand(body: Buffer, priority: number, delaySeconds: number, ttr: number): Buffer {
  return Buffer.concat([command('put', priority, delaySeconds, ttr, body.length), body, CRLF]);
}

/** The highest priority number (the least urgent); 0 is the most urgent. */
export const MAX_PRIORITY = 2 ** 32 - 1;
/** The priority of a job put without one (Pheanstalk's and so Symfony's default). */
export const DEFAULT_PRIORITY = 1024;

/** Letters, digits and `-+/;.$_()`, at most 200 bytes, not starting with a hyphen (the protocol's rule for names). */
const TUBE_NAME = /^[A-Za-z0-9+/;.$_()][A-Za-z0-9\-+/;.$_()]{0,199}$/;

export function checkTubeName(name: string): string {
  if (!TUBE_NAME.test(name))
    throw new InvalidArgumentException(
      `Invalid tube_name "${name}": a beanstalkd tube name has 1 to 200 letters, digits or "-+/;.$_()" characters, and does not start with "-".`,
    );
  return name;
}

/** A priority of a BeanstalkdPriorityStamp, checked: a whole number from 0 (most urgent) to 2^32 - 1. */
export function checkPriority(priority: number): number {
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY)
    throw new InvalidArgumentException(
      `Invalid beanstalkd priority ${priority}: use a whole number from 0 (most urgent) to ${MAX_PRIORITY}.`,
    );
  return priority;
}

/** The `key: value` lines of a YAML dictionary reply (stats, stats-tube, stats-job): values stay strings. */
export function parseStats(body: Buffer): Record<string, string> {
  const stats: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const line of body.toString('utf8').split('\n')) {
    const colon = line.indexOf(': ');
    if (colon > 0) stats[line.slice(0, colon)] = line.slice(colon + 2).trim();
  }
  return stats;
}
