import type { Stamp, StampClass } from './Stamp.js';

/**
 * Stamp classes known to the serializer, by wire name. Built-in stamps use Symfony's class
 * names so that envelopes can cross to a Symfony application; user stamps default to their
 * class name and can be renamed with {@link AsStamp}.
 */
const byName = new Map<string, StampClass>();
const nameOf = new Map<StampClass, string>();

export function registerStamp(stampClass: StampClass, name: string = stampClass.name): void {
  const existing = byName.get(name);
  if (existing !== undefined && existing !== stampClass) {
    throw new TypeError(
      `Two stamp classes use the wire name "${name}": ${existing.name} and ${stampClass.name}. Give one a distinct name with @AsStamp('...').`,
    );
  }
  byName.set(name, stampClass);
  nameOf.set(stampClass, name);
}

export function stampName(stamp: Stamp): string {
  const cls = stamp.constructor as StampClass;
  return nameOf.get(cls) ?? cls.name;
}

export function stampClassNamed(name: string): StampClass | undefined {
  return byName.get(name);
}

/** Registers a stamp class under a wire name, so a receiving process can rebuild it. */
export function AsStamp(name?: string) {
  return <C extends StampClass>(value: C, _context?: unknown): void => {
    registerStamp(value, name ?? value.name);
  };
}
