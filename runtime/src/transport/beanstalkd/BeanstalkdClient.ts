import { Socket } from 'node:net';
import { TransportException } from '../../errors/TransportException.js';
import type { Logger } from '../../log/Logger.js';
import { errorMessage } from '../../support/errorMessage.js';
import { ProtocolError, type Reply, ReplyParser } from './protocol.js';

/** How long connecting may take before it fails. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long close() waits for the server to see the goodbye before dropping the socket. */
const CLOSE_TIMEOUT_MS = 2_000;

/** The connection was lost (or could not be opened) before the reply came: the command may be sent again on a new one. */
export class BeanstalkdConnectionException extends TransportException {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // What users (and --format json readers) see is a TransportException.
    this.name = 'TransportException';
  }
}

interface Waiting {
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: unknown) => void;
}

export interface BeanstalkdClientOptions {
  readonly host: string;
  readonly port: number;
  /** Names the server in every message (`Beanstalkd beanstalkd://host:11300`). */
  readonly label: string;
  /** Commands every new connection starts with (use and watch the tube), before any other. */
  readonly greeting: readonly Buffer[];
}

/**
 * One TCP connection to beanstalkd, opened on first use and again after it was lost. Commands
 * are pipelined: each is written at once and its reply matched in order. Losing the connection
 * fails the commands waiting for a reply (with a BeanstalkdConnectionException) and is logged,
 * as is the next connection; the server meanwhile gives the jobs this connection had reserved
 * back to their tubes.
 */
export class BeanstalkdClient {
  private socket: Socket | undefined;
  private opening: Promise<Socket> | undefined;
  private waiting: Waiting[] = [];
  private closed = false;
  private logger: Logger | undefined;
  /** When the connection in use was lost (ms), until a new one is open. */
  private lostAt: number | undefined;
  /** The socket drop() ended on purpose: its end is not a loss to report. */
  private dropped: Socket | undefined;

  constructor(private readonly options: BeanstalkdClientOptions) {}

  get label(): string {
    return this.options.label;
  }

  setLogger(logger: Logger): void {
    this.logger = logger;
  }

  /** Sends one command and resolves with its reply. */
  async request(command: Buffer): Promise<Reply> {
    const [reply] = await this.requestMany([command]);
    return reply!;
  }

  /** Sends several commands in one write and resolves with their replies, in order. */
  async requestMany(commands: readonly Buffer[]): Promise<Reply[]> {
    const socket = await this.connect();
    const replies = commands.map(() => new Promise<Reply>((resolve, reject) => this.waiting.push({ resolve, reject })));
    socket.write(commands.length === 1 ? commands[0]! : Buffer.concat(commands));
    return Promise.all(replies);
  }

  /**
   * Drops the connection at once (the next command opens another): the server gives back the
   * jobs it had reserved for it, and a reserve still waiting is abandoned.
   */
  drop(reason: string): void {
    if (this.socket === undefined) return;
    this.dropped = this.socket;
    this.socket.destroy(new BeanstalkdConnectionException(`${this.label}: ${reason}`));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const socket = this.socket ?? (await this.opening?.catch(() => undefined));
    if (socket === undefined || socket.destroyed) return;
    const timer = setTimeout(() => socket.destroy(), CLOSE_TIMEOUT_MS);
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end('quit\r\n');
    });
    clearTimeout(timer);
  }

  private connect(): Promise<Socket> {
    if (this.socket !== undefined) return Promise.resolve(this.socket);
    if (this.closed) return Promise.reject(new TransportException(`${this.label}: the connection is closed.`));
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async open(): Promise<Socket> {
    const socket = new Socket();
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => socket.destroy(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)),
          CONNECT_TIMEOUT_MS,
        );
        socket.once('error', reject);
        socket.connect(this.options.port, this.options.host, () => {
          clearTimeout(timer);
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      throw new BeanstalkdConnectionException(`${this.label}: could not connect: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    this.listen(socket);
    this.socket = socket;
    const greeting = this.options.greeting;
    const replies = greeting.map(() => new Promise<Reply>((resolve, reject) => this.waiting.push({ resolve, reject })));
    if (greeting.length > 0) socket.write(Buffer.concat(greeting));
    const refused = (await Promise.all(replies)).find(
      (reply) => !['USING', 'WATCHING', 'NOT_IGNORED'].includes(reply.words[0]!),
    );
    if (refused !== undefined) {
      socket.destroy();
      throw new TransportException(`${this.label}: the server refused to use the tube: ${refused.words.join(' ')}`);
    }
    if (this.lostAt !== undefined) {
      this.logger?.log('info', 'Reconnected to {server} after {seconds} s.', {
        server: this.label,
        seconds: Math.round((Date.now() - this.lostAt) / 100) / 10,
      });
      this.lostAt = undefined;
    }
    return socket;
  }

  private listen(socket: Socket): void {
    const parser = new ReplyParser();
    socket.on('data', (chunk: Buffer) => {
      let replies: Reply[];
      try {
        replies = parser.feed(chunk);
      } catch (error) {
        socket.destroy(error instanceof ProtocolError ? error : new ProtocolError(errorMessage(error)));
        return;
      }
      for (const reply of replies) this.waiting.shift()?.resolve(reply);
    });
    let failure: unknown;
    socket.on('error', (error) => {
      failure = error;
    });
    socket.on('close', () => this.forget(socket, failure));
  }

  private forget(socket: Socket, failure: unknown): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    const reason = failure === undefined ? 'the server closed the connection' : errorMessage(failure);
    const waiting = this.waiting;
    this.waiting = [];
    const error =
      failure instanceof BeanstalkdConnectionException
        ? failure
        : new BeanstalkdConnectionException(`${this.label}: connection lost: ${reason}`, { cause: failure });
    for (const w of waiting) w.reject(error);
    if (this.closed || this.dropped === socket) return;
    this.lostAt = Date.now();
    this.logger?.log('warning', 'Lost the connection to {server}: {error}. Reconnecting on next use.', {
      server: this.label,
      error: reason,
    });
  }
}
