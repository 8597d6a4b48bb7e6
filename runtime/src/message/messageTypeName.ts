import { messageAttributes } from './AsMessage.js';

/** The name a message class goes by on the wire and in errors: its @AsMessage type, else its class name. */
export function messageClassTypeName(messageClass: Function): string {
  return messageAttributes(messageClass)?.type ?? messageClass.name;
}

export function messageTypeName(message: object): string {
  return messageClassTypeName(message.constructor);
}
