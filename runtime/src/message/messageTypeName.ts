import { messageAttributes } from './AsMessage.js';
import type { MessageClass } from './MessageClass.js';
import { type MessageClassNames, messageTypeName as typeNameOf } from './MessageNameRegistry.js';

/** A class at run time, as the message-name rule reads it. */
export const runtimeClassNames: MessageClassNames<MessageClass> = {
  className: (cls) => cls.name,
  declaredType: (cls) => messageAttributes(cls)?.type,
  describe: (cls) => cls.name,
  identity: (cls) => cls,
};

/** The name a message class goes by on the wire and in errors: its @AsMessage type, else its class name. */
export function messageClassTypeName(messageClass: Function): string {
  return typeNameOf(messageClass as MessageClass, runtimeClassNames);
}

export function messageTypeName(message: object): string {
  return messageClassTypeName(message.constructor);
}
