import type { Options } from 'amqplib';
import { InvalidArgumentException } from '../../errors/MessengerException.js';
import { AMQP_FLAGS } from './AmqpOptions.js';
import type { AmqpAttributes, AmqpStamp } from './AmqpStamp.js';

/** php-amqp attribute names → amqplib's publish options. */
const ATTRIBUTES: Readonly<Record<keyof AmqpAttributes, keyof Options.Publish>> = {
  content_type: 'contentType',
  content_encoding: 'contentEncoding',
  message_id: 'messageId',
  user_id: 'userId',
  app_id: 'appId',
  delivery_mode: 'deliveryMode',
  priority: 'priority',
  timestamp: 'timestamp',
  expiration: 'expiration',
  type: 'type',
  reply_to: 'replyTo',
  correlation_id: 'correlationId',
  headers: 'headers',
};

/**
 * What Symfony's publishOnExchange sends: the stamp's attributes, its headers overridden by the
 * serializer's, persistent (delivery_mode 2) and dated (timestamp, unix seconds) unless the
 * stamp says otherwise.
 */
export function publishOptions(stamp: AmqpStamp | undefined, headers: Record<string, string>): Options.Publish {
  const attributes: AmqpAttributes = stamp?.attributes ?? {};
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const option = ATTRIBUTES[name as keyof AmqpAttributes];
    if (option === undefined)
      throw new InvalidArgumentException(
        `Unknown AmqpStamp attribute "${name}"; known: ${Object.keys(ATTRIBUTES).join(', ')}.`,
      );
    if (value !== undefined && value !== null) options[option] = value;
  }
  options['headers'] = { ...(attributes.headers ?? {}), ...headers };
  options['deliveryMode'] ??= 2;
  options['timestamp'] ??= Math.floor(Date.now() / 1000);
  if (((stamp?.flags ?? 0) & AMQP_FLAGS.AMQP_MANDATORY) !== 0) options['mandatory'] = true;
  return options as Options.Publish;
}
