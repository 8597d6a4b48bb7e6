import { NonSendableStamp } from '../../stamp/Stamp.js';
import type { AmqpReceivedStamp } from './AmqpReceivedStamp.js';

/**
 * php-amqp's message attributes, by their names: what an AmqpStamp may set on the published
 * message (AMQP basic properties).
 */
export interface AmqpAttributes {
  content_type?: string;
  content_encoding?: string;
  message_id?: string;
  user_id?: string;
  app_id?: string;
  /** 2: persistent (the default), 1: transient. */
  delivery_mode?: number;
  priority?: number;
  /** Unix time, seconds. */
  timestamp?: number;
  expiration?: string;
  type?: string;
  reply_to?: string;
  correlation_id?: string;
  headers?: Record<string, unknown>;
}

/**
 * Symfony's AmqpStamp: how one message is published on an AMQP transport: its routing key
 * (instead of the exchange's default_publish_routing_key), php-amqp publish flags
 * (AMQP_MANDATORY) and attributes.
 *
 *   bus.dispatch(new SmsNotification(), [new AmqpStamp('sms.urgent', AMQP_NOPARAM, { priority: 5 })]);
 */
export class AmqpStamp extends NonSendableStamp {
  private retryAttempt = false;

  constructor(
    readonly routingKey: string | null = null,
    readonly flags = 0,
    readonly attributes: Readonly<AmqpAttributes> = {},
  ) {
    super();
  }

  /** Symfony's getters, for code ported from PHP. */
  getRoutingKey(): string | null {
    return this.routingKey;
  }

  getFlags(): number {
    return this.flags;
  }

  getAttributes(): Readonly<AmqpAttributes> {
    return this.attributes;
  }

  /** Published again by a retry: it goes back to the queue it came from, not to the whole exchange. */
  isRetryAttempt(): boolean {
    return this.retryAttempt;
  }

  /**
   * What a message received from this transport keeps when it is sent again: its properties
   * (attributes given on `previous` win) and routing key; for a retry, the queue it came from.
   */
  static createFromReceived(received: AmqpReceivedStamp, previous?: AmqpStamp, retryRoutingKey?: string): AmqpStamp {
    const p = received.properties;
    const fromMessage: AmqpAttributes = {
      headers: { ...(p.headers ?? {}) },
      content_type: p.contentType,
      content_encoding: p.contentEncoding,
      delivery_mode: p.deliveryMode,
      priority: p.priority,
      timestamp: p.timestamp,
      app_id: p.appId,
      message_id: p.messageId,
      user_id: p.userId,
      expiration: p.expiration,
      type: p.type,
      reply_to: p.replyTo,
      correlation_id: p.correlationId,
    };
    const attributes: AmqpAttributes = { ...definedOnly(fromMessage), ...definedOnly(previous?.attributes ?? {}) };
    if (retryRoutingKey === undefined)
      return new AmqpStamp(previous?.routingKey ?? received.routingKey, previous?.flags ?? 0, attributes);
    const stamp = new AmqpStamp(retryRoutingKey, previous?.flags ?? 0, attributes);
    stamp.retryAttempt = true;
    return stamp;
  }

  /** `previous` with these attributes added (Symfony's createWithAttributes). */
  static createWithAttributes(attributes: AmqpAttributes, previous?: AmqpStamp): AmqpStamp {
    return new AmqpStamp(previous?.routingKey ?? null, previous?.flags ?? 0, {
      ...(previous?.attributes ?? {}),
      ...attributes,
    });
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
