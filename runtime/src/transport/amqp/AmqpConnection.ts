import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { LogicException } from '../../errors/MessengerException.js';
import { TransportException } from '../../errors/TransportException.js';
import { errorMessage } from '../../support/errorMessage.js';
import type { AmqpConfiguration } from './AmqpOptions.js';
import type { AmqpStamp } from './AmqpStamp.js';
import { AmqpTopology } from './AmqpTopology.js';
import { type Consumer, type Delivery, PushedMessages } from './PushedMessages.js';
import { Settlements } from './Settlements.js';
import type { AmqpTarget } from './amqpDsn.js';
import { publishConfirmed } from './publishConfirmed.js';
import { publishOptions } from './publishOptions.js';

type Amqplib = Pick<typeof import('amqplib'), 'connect'>;

/** First pause before reconnecting; it doubles after each failure, up to MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5000;
/** How long get() waits for messages RabbitMQ said are ready to come (they are on their way). */
const READY_WAIT_MS = 1000;
/** How long get() waits, without asking, for the next message of a backlog before it asks RabbitMQ again. */
const BACKLOG_WAIT_MS = 200;
/** Symfony retries a publish that met a lost connection this many times. */
const PUBLISH_ATTEMPTS = 3;

export interface AmqpConnectionParts {
  readonly configuration: AmqpConfiguration;
  readonly target: AmqpTarget;
  readonly amqplib: Amqplib;
  /** TLS material (amqps): ca, cert, key, rejectUnauthorized. */
  readonly socketOptions: Record<string, unknown>;
  readonly clientName: string;
  readonly report: (level: 'warning' | 'info', message: string) => void;
}

/**
 * Symfony's AMQP Connection on amqplib: one connection, a confirm channel to publish, a channel
 * for declarations and counts, and a channel whose consumers (basic.consume, one per queue,
 * `prefetch_count` each) fill a buffer get() takes from. A lost connection or channel is
 * reopened with growing pauses (logged) while the worker consumes; a publish opens it on demand
 * and fails with a TransportException when the broker cannot be reached.
 */
export class AmqpConnection {
  private model: ChannelModel | undefined;
  private connecting: Promise<ChannelModel> | undefined;
  private publisher: Promise<ConfirmChannel> | undefined;
  private admin: Promise<Channel> | undefined;
  private consuming: Promise<Channel> | undefined;
  private consumeChannel: Channel | undefined;
  /** The consumers' channel's acknowledgements, written together. */
  private settlements: Settlements | undefined;
  private readonly pushed: PushedMessages;
  /** Why RabbitMQ closed a channel (a publish to a missing exchange fails its confirm with a bare "channel closed"). */
  private readonly channelFailures = new WeakMap<Channel, unknown>();
  private readonly topology: AmqpTopology;
  private lost = false;
  private closed = false;
  private lastError = '';
  private reconnectTimer: NodeJS.Timeout | undefined;
  private backoff = FIRST_BACKOFF_MS;

  constructor(private readonly parts: AmqpConnectionParts) {
    this.pushed = new PushedMessages(parts.configuration.prefetchCount);
    this.topology = new AmqpTopology(parts.configuration, {
      channel: () => this.adminChannel(),
      rpc: (reply) => this.rpc(reply),
    });
  }

  get configuration(): AmqpConfiguration {
    return this.parts.configuration;
  }

  get label(): string {
    return this.parts.target.label;
  }

  queueNames(): string[] {
    return this.configuration.queues.map((q) => q.name);
  }

  /** Publishes (on the exchange, or through a delay queue); resolves once RabbitMQ confirmed it. Returns the message id. */
  async publish(
    body: string,
    headers: Record<string, string>,
    delay: number,
    stamp: AmqpStamp | undefined,
  ): Promise<string> {
    const options = publishOptions(stamp, headers);
    const messageId = options.messageId ?? randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.topology.ensureSetup();
        if (delay > 0) await this.publishWithDelay(body, { ...options, messageId }, delay, stamp);
        else
          await this.publishOn(this.configuration.exchange.name, this.routingKeyFor(stamp) ?? '', body, {
            ...options,
            messageId,
          });
        return messageId;
      } catch (error) {
        if (attempt < PUBLISH_ATTEMPTS && this.isConnectionLoss(error) && !this.closed) continue;
        throw this.transportError('could not publish the message', error);
      }
    }
  }

  /**
   * Up to `max` messages pushed to this worker from `queues`. Starts their consumers on first
   * use. With nothing buffered, waits briefly for the next message of a backlog RabbitMQ told
   * of; otherwise asks RabbitMQ how many wait, on the consumers' own channel: its answer comes
   * after every message it pushed before, so messages sent (and confirmed) before get() was
   * called are here; those still ready are waited for briefly.
   */
  async take(queues: readonly string[], max: number, signal?: AbortSignal): Promise<Delivery[]> {
    if (signal?.aborted || queues.length === 0) return [];
    if (this.lost && this.model === undefined) {
      // Reconnecting in the background (these consumers included): wait a little, as an idle get() would.
      for (const queue of queues) this.pushed.of(queue);
      this.scheduleReconnect();
      await this.pushed.waitFor(queues, READY_WAIT_MS, signal, () => this.closed);
      return this.pushed.shift(queues, max);
    }
    // The path of a busy worker: messages already pushed here are handed out without waiting.
    if (this.pushed.consumingAll(queues) && this.pushed.buffered(queues) > 0) return this.pushed.shift(queues, max);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.fill(queues, signal);
        return this.pushed.shift(queues, max);
      } catch (error) {
        if (this.lost && this.isConnectionLoss(error)) return this.pushed.shift(queues, max);
        // RabbitMQ closed the channel under the command (over it, or over something else): once more on a new one.
        if (attempt === 1 && !this.closed && /channel closed/i.test(errorMessage(error))) {
          await new Promise(setImmediate); // the channel's close is handled first
          continue;
        }
        throw this.transportError('could not receive messages', error);
      }
    }
  }

  /** Starts the consumers, and waits briefly for what RabbitMQ has on its way (see take()). */
  private async fill(queues: readonly string[], signal: AbortSignal | undefined): Promise<void> {
    await this.topology.ensureSetup();
    for (const queue of queues) await this.consume(queue);
    if (this.pushed.buffered(queues) === 0 && this.pushed.expected(queues) > 0 && this.pushed.capacity(queues) > 0) {
      // A backlog: RabbitMQ pushes the next message as each acknowledgement arrives.
      await this.pushed.waitFor(queues, BACKLOG_WAIT_MS, signal, () => this.closed);
      if (this.pushed.buffered(queues) === 0) this.pushed.forgetExpected(queues);
    }
    if (this.pushed.buffered(queues) === 0 && !signal?.aborted) {
      const channel = await this.consumerChannel();
      let ready = 0;
      for (const queue of queues) {
        const count = (await this.rpc(channel.checkQueue(queue))).messageCount;
        this.pushed.consumer(queue)!.expected = count;
        ready += count;
      }
      if (this.pushed.buffered(queues) === 0 && ready > 0 && this.pushed.capacity(queues) > 0)
        await this.pushed.waitFor(queues, READY_WAIT_MS, signal, () => this.closed);
    }
  }

  /** Resolves once a message was pushed from one of `queues`, or `signal` aborts; never rejects. */
  async waitForMessages(signal: AbortSignal, queues: readonly string[]): Promise<void> {
    try {
      if (!this.lost) for (const queue of queues) await this.consume(queue);
    } catch {
      return; // get() reports it
    }
    await this.pushed.waitFor(queues, Number.POSITIVE_INFINITY, signal, () => this.closed);
  }

  ack(delivery: Delivery): void {
    this.finish(delivery, true);
  }

  /** basic.nack without requeue (Symfony's AMQP_NOPARAM): gone, or dead-lettered when the queue says so. */
  reject(delivery: Delivery): void {
    this.finish(delivery, false);
  }

  /** Messages ready in the queues (RabbitMQ's count) plus those pushed here and not handed out. */
  async countMessages(queues: readonly string[] = this.queueNames()): Promise<number> {
    try {
      await this.topology.ensureSetup();
      const channel = await this.adminChannel();
      let count = 0;
      for (const queue of queues) count += (await this.rpc(channel.checkQueue(queue))).messageCount;
      return count + this.pushed.buffered(queues);
    } catch (error) {
      throw this.transportError('could not count the messages', error);
    }
  }

  /** Declares the exchange, the queues and their bindings, and the delay exchange (setup-transports). */
  async setup(): Promise<void> {
    try {
      await this.topology.setup();
    } catch (error) {
      throw this.transportError('could not set up the exchange and queues', error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.pushed.wake();
    this.settlements?.flush();
    // Closing the channel first: its acknowledgements, written before, are read before it closes.
    await this.consumeChannel?.close().catch(() => undefined);
    const model = this.model ?? (await this.connecting?.catch(() => undefined));
    this.model = undefined;
    // Unacknowledged messages go back to their queues when the connection closes.
    await model?.close().catch(() => undefined);
  }

  private async publishOn(exchange: string, routingKey: string, body: string, options: Options.Publish): Promise<void> {
    await publishConfirmed(await this.publisherChannel(), exchange, routingKey, body, options, {
      timeout: this.configuration.confirmTimeout,
      label: this.label,
      failureOf: (channel) => this.channelFailures.get(channel),
    });
  }

  /** Symfony's delay: through a delay queue that RabbitMQ expires the message from, back into the exchange. */
  private async publishWithDelay(
    body: string,
    options: Options.Publish,
    delay: number,
    stamp: AmqpStamp | undefined,
  ): Promise<void> {
    const retry = stamp?.isRetryAttempt() ?? false;
    const queue = await this.topology.delayQueue(delay, this.routingKeyFor(stamp), retry);
    await this.publishOn(this.configuration.delay.exchangeName, queue, body, options);
  }

  private routingKeyFor(stamp: AmqpStamp | undefined): string | undefined {
    return stamp?.routingKey ?? this.configuration.exchange.defaultPublishRoutingKey;
  }

  private async consume(queue: string): Promise<void> {
    const c = this.pushed.of(queue);
    if (c.tag !== undefined) return;
    c.starting ??= (async () => {
      const channel = await this.consumerChannel();
      try {
        const { consumerTag } = await this.rpc(
          channel.consume(queue, (message) => this.deliver(c, channel, message), { noAck: false }),
        );
        if (this.consumeChannel === channel) c.tag = consumerTag;
      } catch (error) {
        // A queue that does not exist is not asked for again by the reconnection.
        if (!this.isConnectionLoss(error)) this.pushed.forget(queue);
        throw error;
      }
    })().finally(() => {
      c.starting = undefined;
    });
    await c.starting;
  }

  private deliver(consumer: Consumer, channel: Channel, message: ConsumeMessage | null): void {
    if (channel !== this.consumeChannel) return;
    if (message === null) {
      // RabbitMQ cancelled the consumer (its queue was deleted): the next get() starts it again, or says why not.
      consumer.tag = undefined;
      this.parts.report(
        'warning',
        `${this.label}: RabbitMQ cancelled the consumer of queue "${consumer.queue}" (was it deleted?).`,
      );
      return;
    }
    this.pushed.push(consumer, message, channel);
  }

  private finish(delivery: Delivery, acknowledged: boolean): void {
    const { consumer, channel } = delivery;
    const what = acknowledged ? 'acknowledge' : 'reject';
    if (this.pushed.consumer(delivery.queue) !== consumer)
      throw new LogicException(
        'This message was not received from this transport: it cannot be acknowledged or rejected here.',
      );
    if (delivery.done)
      throw new LogicException(`This message was already acknowledged or rejected: it cannot be ${what}d again.`);
    delivery.done = true;
    if (channel === this.consumeChannel && this.settlements !== undefined) {
      consumer.inProgress = Math.max(0, consumer.inProgress - 1);
      this.settlements.settle(delivery.message.fields.deliveryTag, acknowledged);
      return;
    }
    // RabbitMQ gave the message back to its queue when the channel closed: it is delivered again.
    this.parts.report(
      'warning',
      `${this.label}: could not ${what} message "${String(delivery.message.properties.messageId ?? '')}" (its channel was closed); RabbitMQ delivers it again.`,
    );
  }

  private connection(): Promise<ChannelModel> {
    if (this.closed) return Promise.reject(new TransportException(`${this.label}: the transport is closed.`));
    if (this.model !== undefined) return Promise.resolve(this.model);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<ChannelModel> {
    const { target, configuration: c } = this.parts;
    let model: ChannelModel;
    try {
      model = await this.parts.amqplib.connect(
        {
          protocol: target.tls ? 'amqps' : 'amqp',
          hostname: target.host,
          port: target.port,
          username: target.login,
          password: target.password,
          vhost: target.vhost,
          ...(c.heartbeat === undefined ? {} : { heartbeat: c.heartbeat }),
          ...(c.frameMax === undefined ? {} : { frameMax: c.frameMax }),
          ...(c.channelMax === undefined ? {} : { channelMax: c.channelMax }),
        },
        {
          ...this.parts.socketOptions,
          noDelay: true,
          ...(c.connectTimeout === undefined ? {} : { timeout: c.connectTimeout }),
          clientProperties: { connection_name: c.connectionName ?? this.parts.clientName },
        },
      );
    } catch (error) {
      throw new TransportException(
        `${this.label}: could not connect to the AMQP server (${errorMessage(error)}). Check the DSN, and that RabbitMQ runs and accepts these credentials.`,
        { cause: error },
      );
    }
    if (this.closed) {
      await model.close().catch(() => undefined);
      throw new TransportException(`${this.label}: the transport is closed.`);
    }
    model.on('error', (error: unknown) => {
      this.lastError = errorMessage(error);
    });
    model.on('close', (error?: unknown) => this.connectionLost(model, error));
    this.model = model;
    if (this.lost) {
      this.lost = false;
      this.parts.report('info', `${this.label}: connection restored.`);
    }
    return model;
  }

  private connectionLost(model: ChannelModel, error: unknown): void {
    if (this.model !== model) return;
    this.model = undefined;
    this.publisher = this.admin = undefined;
    this.dropConsumers();
    if (this.closed) return;
    this.lost = true;
    const reason = error ? errorMessage(error) : this.lastError;
    this.parts.report('warning', `${this.label}: connection lost${reason ? ` (${reason})` : ''}; reconnecting.`);
    this.scheduleReconnect();
  }

  /** The consumers' channel closed: what it pushed goes back to the queues; consumers restart on the next channel. */
  private dropConsumers(): void {
    this.consuming = undefined;
    this.consumeChannel = undefined;
    this.settlements = undefined;
    this.pushed.reset();
  }

  /** Reopens the connection and the consumers, with growing pauses, while someone consumes. */
  private scheduleReconnect(): void {
    if (this.reconnectTimer !== undefined || this.closed || this.pushed.size === 0) return;
    const delay = this.backoff;
    this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.resume().then(
        () => {
          this.backoff = FIRST_BACKOFF_MS;
        },
        (error: unknown) => {
          if (this.closed) return;
          this.parts.report(
            'warning',
            `${this.label}: reconnection failed (${errorMessage(error)}); trying again in ${this.backoff} ms.`,
          );
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }

  private async resume(): Promise<void> {
    await this.connection();
    for (const queue of this.pushed.queues()) await this.consume(queue);
  }

  private publisherChannel(): Promise<ConfirmChannel> {
    if (this.publisher !== undefined) return this.publisher;
    const opening = this.openChannel(
      (model) => model.createConfirmChannel(),
      () => {
        if (this.publisher === opening) this.publisher = undefined;
      },
    );
    this.publisher = opening;
    return opening;
  }

  private adminChannel(): Promise<Channel> {
    if (this.admin !== undefined) return this.admin;
    const opening = this.openChannel(
      (model) => model.createChannel(),
      () => {
        if (this.admin === opening) this.admin = undefined;
      },
    );
    this.admin = opening;
    return opening;
  }

  private consumerChannel(): Promise<Channel> {
    if (this.consuming !== undefined) return this.consuming;
    const opening: Promise<Channel> = this.openChannel(
      async (model) => {
        const channel = await model.createChannel();
        if (this.configuration.prefetchCount > 0) await channel.prefetch(this.configuration.prefetchCount);
        this.consumeChannel = channel;
        this.settlements = new Settlements(channel, (error) =>
          this.parts.report(
            'warning',
            `${this.label}: could not acknowledge or reject messages (${errorMessage(error)}); RabbitMQ delivers them again.`,
          ),
        );
        return channel;
      },
      (channel, error) => {
        if (this.consuming !== opening) return;
        const hadConsumers = this.consumeChannel === channel;
        this.dropConsumers();
        if (!hadConsumers || error === undefined || this.closed) return;
        // Closed by RabbitMQ, the connection still up: the consumers restart on a new channel.
        this.parts.report(
          'warning',
          `${this.label}: RabbitMQ closed the consumers' channel (${errorMessage(error)}); reopening it. Messages in progress are delivered again.`,
        );
        this.scheduleReconnect();
      },
    );
    this.consuming = opening;
    return opening;
  }

  /**
   * Opens a channel; `closed` runs when it closes, with RabbitMQ's reason when RabbitMQ closed it
   * (a failed command, an unknown delivery tag…; none when the connection went).
   */
  private openChannel<T extends Channel>(
    create: (model: ChannelModel) => Promise<T>,
    closed: (channel: T, error?: unknown) => void,
  ): Promise<T> {
    const opening = (async () => {
      const model = await this.connection();
      const channel = await create(model);
      let failure: unknown;
      channel.on('error', (error: unknown) => {
        failure = error;
        this.channelFailures.set(channel, error);
        this.lastError = errorMessage(error);
      });
      channel.on('close', () => closed(channel, failure));
      return channel;
    })();
    opening.catch(() => closed(undefined as unknown as T));
    return opening;
  }

  /** A broker reply, bounded by read_timeout. */
  private rpc<T>(reply: Promise<T>): Promise<T> {
    const timeout = this.configuration.readTimeout;
    if (timeout === undefined) return reply;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TransportException(`${this.label}: RabbitMQ did not answer within read_timeout (${timeout / 1000} s).`),
          ),
        timeout,
      );
    });
    return Promise.race([reply, late]).finally(() => clearTimeout(timer));
  }

  /** A closed connection or channel (worth another attempt), not a refusal by the broker. */
  private isConnectionLoss(error: unknown): boolean {
    if (error instanceof TransportException) return false;
    const text = errorMessage(error);
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'number' && code >= 300 && code !== 320) return false;
    return /closed|ECONNRESET|EPIPE|socket|CONNECTION_FORCED/i.test(text);
  }

  private transportError(what: string, error: unknown): TransportException {
    if (error instanceof TransportException) return error;
    const missing = (error as { code?: unknown } | null)?.code === 404;
    const hint = missing ? ' Run `messenger setup-transports`, or set the transport option auto_setup to true.' : '';
    return new TransportException(`${this.label}: ${what}: ${errorMessage(error)}.${hint}`, { cause: error });
  }
}
