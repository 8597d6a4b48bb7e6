import type { MessageClass } from '../message/MessageClass.js';
import { listTypes, type TypeLineage } from './listTypes.js';

/** Run-time lineage of a class: its prototype chain, up to (not including) Object. */
export const classLineage: TypeLineage<MessageClass> = {
  parentOf(type) {
    const parent = Object.getPrototypeOf(type) as MessageClass | null;
    return parent === null || parent === Function.prototype ? undefined : parent;
  },
};

// Called for every dispatch; the chain of a class never changes, so compute it once.
const cache = new WeakMap<MessageClass, ReadonlyArray<MessageClass | '*'>>();

export function listMessageTypes(messageClass: MessageClass): ReadonlyArray<MessageClass | '*'> {
  let types = cache.get(messageClass);
  if (types === undefined) {
    types = listTypes(messageClass, classLineage);
    cache.set(messageClass, types);
  }
  return types;
}
