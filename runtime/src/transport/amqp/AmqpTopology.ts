import type { Channel } from 'amqplib';
import { AMQP_FLAGS, type AmqpConfiguration, type AmqpQueueOptions } from './AmqpOptions.js';

/** What declaring needs from the connection: its channel for declarations, and a reply bounded by read_timeout. */
export interface TopologyChannel {
  channel(): Promise<Channel>;
  rpc<T>(reply: Promise<T>): Promise<T>;
}

/**
 * What Symfony's AMQP Connection declares, with the same names and arguments (RabbitMQ refuses to
 * declare again what exists with other arguments, so a PHP application and this one must agree):
 * the exchange, its queues and bindings, the delay exchange, and one delay queue per delay.
 */
export class AmqpTopology {
  private ready: Promise<void> | undefined;
  private delayExchangeReady = false;

  constructor(
    private readonly configuration: AmqpConfiguration,
    private readonly admin: TopologyChannel,
  ) {}

  /** With auto_setup, the exchange, queues and bindings are declared once, before the first send or get. */
  ensureSetup(): Promise<void> {
    if (!this.configuration.autoSetup) return Promise.resolve();
    this.ready ??= this.declareExchangeAndQueues().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /** Everything, the delay exchange included (setup-transports). */
  async setup(): Promise<void> {
    await this.declareExchangeAndQueues();
    this.ready = Promise.resolve();
    await this.declareDelayExchange();
  }

  /**
   * Symfony's delay queue for `delay` ms: its messages expire into the exchange with their routing
   * key (a retry: through the default exchange into the queue it came from, `routingKey` being that
   * queue's name). Declared on each use, which renews its x-expires lease. Returns its name, which is
   * also its binding key on the delay exchange.
   */
  async delayQueue(delay: number, routingKey: string | undefined, retry: boolean): Promise<string> {
    const { exchange, delay: d } = this.configuration;
    const name = delayQueueName(this.configuration, delay, routingKey, retry);
    if (this.configuration.autoSetup) await this.declareDelayExchange();
    const channel = await this.admin.channel();
    await this.admin.rpc(
      channel.assertQueue(name, {
        durable: true,
        arguments: {
          'x-message-ttl': delay,
          // Deleted 10 s after its last message expired.
          'x-expires': delay + 10_000,
          'x-dead-letter-exchange': retry ? '' : exchange.name,
          'x-dead-letter-routing-key': routingKey ?? '',
          ...d.arguments,
        },
      }),
    );
    await this.admin.rpc(channel.bindQueue(name, d.exchangeName, name));
    return name;
  }

  private async declareExchangeAndQueues(): Promise<void> {
    const { exchange, queues } = this.configuration;
    const channel = await this.admin.channel();
    const rpc = <T>(reply: Promise<T>) => this.admin.rpc(reply);
    // The default exchange ("") exists already, and takes no bindings.
    if (exchange.name !== '') {
      if (exchange.flags & AMQP_FLAGS.AMQP_PASSIVE) await rpc(channel.checkExchange(exchange.name));
      else
        await rpc(
          channel.assertExchange(exchange.name, exchange.type, {
            durable: (exchange.flags & AMQP_FLAGS.AMQP_DURABLE) !== 0,
            autoDelete: (exchange.flags & AMQP_FLAGS.AMQP_AUTODELETE) !== 0,
            internal: (exchange.flags & AMQP_FLAGS.AMQP_INTERNAL) !== 0,
            arguments: exchange.arguments,
          }),
        );
    }
    for (const queue of queues) {
      await this.declareQueue(channel, queue);
      if (exchange.name === '') continue;
      for (const key of queue.bindingKeys)
        await rpc(channel.bindQueue(queue.name, exchange.name, key ?? '', queue.bindingArguments));
    }
  }

  private async declareQueue(channel: Channel, queue: AmqpQueueOptions): Promise<void> {
    if (queue.flags & AMQP_FLAGS.AMQP_PASSIVE) {
      await this.admin.rpc(channel.checkQueue(queue.name));
      return;
    }
    await this.admin.rpc(
      channel.assertQueue(queue.name, {
        durable: (queue.flags & AMQP_FLAGS.AMQP_DURABLE) !== 0,
        exclusive: (queue.flags & AMQP_FLAGS.AMQP_EXCLUSIVE) !== 0,
        autoDelete: (queue.flags & AMQP_FLAGS.AMQP_AUTODELETE) !== 0,
        arguments: queue.arguments,
      }),
    );
  }

  private async declareDelayExchange(): Promise<void> {
    if (this.delayExchangeReady) return;
    const channel = await this.admin.channel();
    await this.admin.rpc(channel.assertExchange(this.configuration.delay.exchangeName, 'direct', { durable: true }));
    this.delayExchangeReady = true;
  }
}

/** `delay_%exchange_name%_%routing_key%_%delay%` filled in, then `_delay` or `_retry`. */
export function delayQueueName(
  c: AmqpConfiguration,
  delay: number,
  routingKey: string | undefined,
  retry: boolean,
): string {
  const name = c.delay.queueNamePattern
    .replaceAll('%delay%', String(delay))
    .replaceAll('%exchange_name%', c.exchange.name)
    .replaceAll('%routing_key%', routingKey ?? '');
  return `${name}${retry ? '_retry' : '_delay'}`;
}
