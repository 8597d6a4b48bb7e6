import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { locate, type SourceLocation } from './SourceLocation.js';

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

export function parseLocatedYaml(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: YamlProblem[] = document.errors.map((error) => ({
    message: `Malformed YAML: ${error.message.split('\n')[0]}`,
    location: locate(file, lineCounter, error.pos[0], error.pos[1]),
  }));
  if (problems.length > 0) return { root: undefined, problems };
  const root =
    document.contents === null ? undefined : toLocated(document.contents as Node, file, lineCounter, problems);
  return { root, problems };
}

function toLocated(node: Node, file: string, lineCounter: LineCounter, problems: YamlProblem[]): LocatedValue {
  // range = [start, value end, node end]; the node end runs on to the next line, which would make editor squiggles wrap.
  const [start, end] = node.range ?? [0, 0, 0];
  const location = locate(file, lineCounter, start, end);
  if (isMap(node)) {
    const entries = new Map<string, LocatedEntry>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const keyRange = keyNode?.range ?? [start, start, start];
      const keyLocation = locate(file, lineCounter, keyRange[0], keyRange[1]);
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      if (!isScalar(keyNode)) {
        problems.push({ message: 'Config keys must be plain strings.', location: keyLocation });
        continue;
      }
      const valueNode = pair.value as Node | null;
      // `key:` with nothing after it (or `~`) is null, as in Symfony.
      const value: LocatedValue =
        valueNode === null
          ? {
              kind: 'scalar',
              value: null,
              location: {
                ...keyLocation,
                offset: keyLocation.endOffset,
                line: keyLocation.endLine,
                column: keyLocation.endColumn,
              },
            }
          : toLocated(valueNode, file, lineCounter, problems);
      entries.set(key, { key, keyLocation, value });
    }
    return { kind: 'map', entries, location };
  }
  if (isSeq(node)) {
    return {
      kind: 'list',
      items: node.items.map((item) => toLocated(item as Node, file, lineCounter, problems)),
      location,
    };
  }
  if (isScalar(node)) {
    const value = node.value;
    const scalar =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null
        ? value
        : String(value);
    return { kind: 'scalar', value: scalar, location };
  }
  problems.push({ message: 'Unsupported YAML node (aliases and tags are not supported here).', location });
  return { kind: 'scalar', value: null, location };
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
