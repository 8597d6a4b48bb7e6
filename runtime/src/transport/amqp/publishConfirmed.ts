import type { Channel, ConfirmChannel, Options } from 'amqplib';
import { TransportException } from '../../errors/TransportException.js';
import { errorMessage } from '../../support/errorMessage.js';

export interface ConfirmRules {
  /** Milliseconds to wait for the confirm; undefined: until it comes or the channel closes. */
  readonly timeout: number | undefined;
  /** Names the broker in errors (credentials masked). */
  readonly label: string;
  /** Why RabbitMQ closed a channel, when it said so (amqplib fails the confirm with a bare "channel closed"). */
  readonly failureOf: (channel: Channel) => unknown;
}

/** Publishes one message on a confirm channel; resolves once RabbitMQ confirmed it (publisher confirms). */
export function publishConfirmed(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  body: string,
  options: Options.Publish,
  rules: ConfirmRules,
): Promise<void> {
  const { timeout, label } = rules;
  return new Promise<void>((resolve, reject) => {
    const timer =
      timeout === undefined
        ? undefined
        : setTimeout(
            () =>
              reject(
                new TransportException(
                  `${label}: RabbitMQ did not confirm the message within confirm_timeout (${timeout / 1000} s); it may or may not be stored.`,
                ),
              ),
            timeout,
          );
    try {
      channel.publish(exchange, routingKey, Buffer.from(body), options, (error: unknown) => {
        clearTimeout(timer);
        if (error === null || error === undefined) resolve();
        else if (/nack/i.test(errorMessage(error)))
          reject(
            new TransportException(
              'Message publication failed due to a negative acknowledgment (nack) from the broker.',
            ),
          );
        // RabbitMQ's reason for closing the channel, once amqplib has read it.
        else setImmediate(() => reject(rules.failureOf(channel) ?? error));
      });
    } catch (error) {
      clearTimeout(timer);
      reject(error);
    }
  });
}
