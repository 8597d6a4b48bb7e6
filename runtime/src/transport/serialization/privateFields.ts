import { createRequire } from 'node:module';
import type { Session } from 'node:inspector';

/**
 * The names of an instance's ES `#private` fields. JavaScript offers no reflection on them,
 * but V8's inspector protocol lists them (Runtime.getProperties → privateProperties), and an
 * in-process session answers synchronously. Every instance of a class has the same private
 * fields, so each prototype is asked about once. Private methods and accessors hold no data and
 * are left out. Where the inspector is not available (Node built without it), nothing is found.
 */
const byPrototype = new WeakMap<object, readonly string[]>();
const PROBE = Symbol.for('messenger-ts.privateFieldProbe');
let session: Session | null | undefined;

export function privateFieldNames(instance: object): readonly string[] {
  const prototype = Object.getPrototypeOf(instance) as object | null;
  if (prototype === null) return [];
  let names = byPrototype.get(prototype);
  if (names === undefined) {
    names = inspect(instance);
    byPrototype.set(prototype, names);
  }
  return names;
}

function connect(): Session | null {
  if (session !== undefined) return session;
  try {
    const inspector = createRequire(import.meta.url)('node:inspector') as typeof import('node:inspector');
    session = new inspector.Session();
    session.connect();
  } catch {
    session = null;
  }
  return session;
}

interface PrivateProperty {
  readonly name: string;
  readonly value?: unknown;
}

function inspect(instance: object): readonly string[] {
  const inspector = connect();
  if (inspector === null) return [];
  const global = globalThis as Record<symbol, unknown>;
  global[PROBE] = instance;
  let names: string[] = [];
  try {
    // The in-process session calls back before post() returns.
    inspector.post(
      'Runtime.evaluate',
      { expression: `globalThis[Symbol.for('messenger-ts.privateFieldProbe')]` },
      (error, found) => {
        const objectId = error ? undefined : found.result.objectId;
        if (objectId === undefined) return;
        inspector.post('Runtime.getProperties', { objectId, ownProperties: true }, (_, properties) => {
          // privateProperties is in the protocol, not in @types/node's copy of it.
          const privates = (properties as { privateProperties?: readonly PrivateProperty[] } | undefined)
            ?.privateProperties;
          names = (privates ?? []).filter((p) => 'value' in p).map((p) => p.name);
        });
        inspector.post('Runtime.releaseObject', { objectId });
      },
    );
  } finally {
    delete global[PROBE];
  }
  return names;
}
