import type { MessageClass } from '../message/MessageClass.js';
import { ClassMemo } from '../support/ClassMemo.js';
import { listTypes, type TypeLineage } from './listTypes.js';

/** Run-time lineage of a class: its prototype chain, up to (not including) Object. */
export const classLineage: TypeLineage<MessageClass> = {
  parentOf(type) {
    const parent = Object.getPrototypeOf(type) as MessageClass | null;
    return parent === null || parent === Function.prototype ? undefined : parent;
  },
};

// The chain of a class never changes: computed once per class.
const lineages = new ClassMemo<MessageClass, ReadonlyArray<MessageClass | '*'>>((type) =>
  listTypes(type, classLineage),
);

export function listMessageTypes(messageClass: MessageClass): ReadonlyArray<MessageClass | '*'> {
  return lineages.get(messageClass);
}
