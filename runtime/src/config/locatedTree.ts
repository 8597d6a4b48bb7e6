import type { SourceLocation } from './SourceLocation.js';

/**
 * YAML turned into plain values that remember where they came from. Several files (the
 * base config and the per-environment override) merge into one tree, and every value keeps
 * the location of the file that set it, so errors point at the right line.
 */
export type LocatedValue = LocatedScalar | LocatedList | LocatedMap;

export interface LocatedScalar {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
  readonly location: SourceLocation;
}

export interface LocatedList {
  readonly kind: 'list';
  readonly items: readonly LocatedValue[];
  readonly location: SourceLocation;
}

export interface LocatedEntry {
  readonly key: string;
  readonly keyLocation: SourceLocation;
  readonly value: LocatedValue;
}

export interface LocatedMap {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, LocatedEntry>;
  readonly location: SourceLocation;
}

export interface YamlProblem {
  readonly message: string;
  readonly location: SourceLocation;
}

export interface ParsedYaml {
  readonly root: LocatedValue | undefined;
  readonly problems: readonly YamlProblem[];
}

/**
 * Merges an override over a base, as Symfony merges config files: maps merge key by key
 * (recursively); anything else is replaced by the override.
 */
export function mergeLocated(
  base: LocatedValue | undefined,
  override: LocatedValue | undefined,
): LocatedValue | undefined {
  if (base === undefined) return override;
  if (override === undefined) return base;
  if (base.kind !== 'map' || override.kind !== 'map') return override;
  const entries = new Map(base.entries);
  for (const [key, entry] of override.entries) {
    const previous = entries.get(key);
    entries.set(key, previous === undefined ? entry : { ...entry, value: mergeLocated(previous.value, entry.value)! });
  }
  return { kind: 'map', entries, location: override.location };
}

/** The entry at a path of map keys, if every step is a map. */
export function entryAt(value: LocatedValue | undefined, ...path: string[]): LocatedEntry | undefined {
  let entry: LocatedEntry | undefined;
  let current = value;
  for (const key of path) {
    if (current?.kind !== 'map') return undefined;
    entry = current.entries.get(key);
    current = entry?.value;
  }
  return entry;
}
