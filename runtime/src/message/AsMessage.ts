import { classMetadata, isDecoratorContext, ownValue } from '../support/metadata.js';
import type { MessageClass } from './MessageClass.js';

export interface AsMessageOptions {
  /** Transport(s) the message is sent to when no routing rule in messenger.yaml names its class. */
  transport?: string | readonly string[];
  /**
   * The `type` the serializer writes on the wire; defaults to the class name. Use Symfony's
   * class name (e.g. `App\\Message\\SmsNotification`) to exchange messages with a Symfony app.
   */
  type?: string;
}

export interface MessageAttributes {
  readonly transports: readonly string[];
  readonly type: string | undefined;
}

const AS_MESSAGE = Symbol('messenger.asMessage');

/**
 * Declares a class as a message: a routing source (like Symfony's `#[AsMessage(transport: …)]`)
 * and, optionally, its wire type name. YAML routing for the same class wins, so each
 * environment can override it.
 */
export function AsMessage(options: AsMessageOptions = {}) {
  const attributes: MessageAttributes = {
    transports:
      options.transport === undefined
        ? []
        : typeof options.transport === 'string'
          ? [options.transport]
          : [...options.transport],
    type: options.type,
  };
  return (value: MessageClass, context?: unknown): void => {
    const metadata = isDecoratorContext(context) ? (context.metadata as Record<symbol, unknown>) : classMetadata(value);
    metadata[AS_MESSAGE] = attributes;
  };
}

/** The @AsMessage options written on this very class (parents have their own). */
export function messageAttributes(messageClass: Function): MessageAttributes | undefined {
  return ownValue<MessageAttributes>(messageClass, AS_MESSAGE);
}
