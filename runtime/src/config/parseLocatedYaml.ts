import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from 'yaml';
import type { LocatedEntry, LocatedMap, LocatedValue, ParsedYaml, YamlProblem } from './locatedTree.js';
import { locate, type SourceLocation } from './SourceLocation.js';

/**
 * How many values aliases may expand to in one file. Real configs reuse a few defaults; a
 * "billion laughs" file (aliases of aliases of lists) would expand to billions, and stops here.
 */
export const MAX_ALIAS_EXPANSION = 10_000;

/**
 * Parses YAML into located values, as Symfony's YAML parser reads messenger.yaml: anchors and
 * aliases (`&defaults` / `*defaults`), merge keys (`<<: *defaults`, explicit keys win) and
 * duplicate keys refused. Keys are checked here, not by the YAML library, whose check is
 * quadratic in the number of keys of a map.
 */
export function parseLocatedYaml(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const problems: YamlProblem[] = document.errors.map((error) => ({
    message: `Malformed YAML: ${error.message.split('\n')[0]}`,
    location: locate(file, lineCounter, error.pos[0], error.pos[1]),
  }));
  if (problems.length > 0 || document.contents === null) return { root: undefined, problems };
  const converter = new LocatedConverter(file, lineCounter, document);
  const root = converter.convert(document.contents as Node);
  return { root, problems: converter.problems };
}

class LocatedConverter {
  readonly problems: YamlProblem[] = [];
  /** Values still allowed to come out of aliases; once spent, aliases expand to null (reported once). */
  private aliasBudget = MAX_ALIAS_EXPANSION;
  private aliasDepth = 0;
  /** The alias being expanded at the top: where a runaway expansion is reported. */
  private outermostAlias: SourceLocation | undefined;
  /** Anchored nodes being expanded through an alias: one met again inside itself is a cycle. */
  private readonly expanding = new Set<Node>();

  constructor(
    private readonly file: string,
    private readonly lineCounter: LineCounter,
    private readonly document: Document,
  ) {}

  convert(node: Node): LocatedValue {
    const location = this.locationOf(node);
    if (this.aliasDepth > 0 && !this.spendAliasBudget()) return { kind: 'scalar', value: null, location };
    if (isAlias(node)) return this.alias(node, location);
    if (isMap(node)) return this.map(node.items as Pair[], location);
    if (isSeq(node)) return { kind: 'list', items: node.items.map((item) => this.convert(item as Node)), location };
    if (isScalar(node)) {
      const value = node.value;
      const scalar =
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null
          ? value
          : String(value);
      return { kind: 'scalar', value: scalar, location };
    }
    return this.refuse(location, 'Unsupported YAML node (tags are not supported here).');
  }

  private alias(node: Node, location: SourceLocation): LocatedValue {
    const target = isAlias(node) ? (node.resolve(this.document) as Node | undefined) : undefined;
    if (target === undefined)
      return this.refuse(location, 'Unknown YAML alias: no anchor of that name comes before it.');
    if (this.expanding.has(target)) return this.refuse(location, 'A YAML alias refers to a value that contains it.');
    this.expanding.add(target);
    if (this.aliasDepth++ === 0) this.outermostAlias = location;
    try {
      return this.convert(target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(target);
    }
  }

  private map(pairs: readonly Pair[], location: SourceLocation): LocatedMap {
    const entries = new Map<string, LocatedEntry>();
    const merged: LocatedMap[] = [];
    for (const pair of pairs) {
      const keyNode = pair.key as Node | null;
      const keyLocation = keyNode === null ? location : this.locationOf(keyNode);
      if (!isScalar(keyNode)) {
        this.problems.push({ message: 'Config keys must be plain strings.', location: keyLocation });
        continue;
      }
      if (keyNode.type === 'PLAIN' && keyNode.value === '<<') {
        merged.push(...this.mergeSources(pair.value as Node | null, keyLocation));
        continue;
      }
      const key = String(keyNode.value);
      const previous = entries.get(key);
      if (previous !== undefined) {
        this.problems.push({
          message: `Duplicate key "${key}" detected (it is first set at line ${previous.keyLocation.line}).`,
          location: keyLocation,
        });
      }
      entries.set(key, { key, keyLocation, value: this.valueOf(pair.value as Node | null, keyLocation) });
    }
    // Explicit keys win over merged ones; earlier merge sources over later ones (as in Symfony).
    for (const source of merged) {
      for (const [key, entry] of source.entries) if (!entries.has(key)) entries.set(key, entry);
    }
    return { kind: 'map', entries, location };
  }

  /** `<<: *a`, `<<: [*a, *b]` or `<<: { … }`: the maps to merge in. */
  private mergeSources(node: Node | null, keyLocation: SourceLocation): LocatedMap[] {
    const value = this.valueOf(node, keyLocation);
    const sources = value.kind === 'list' ? value.items : [value];
    const maps: LocatedMap[] = [];
    for (const source of sources) {
      if (source.kind === 'map') maps.push(source);
      else
        this.problems.push({
          message: 'YAML merge keys (<<) take a map, or a list of maps.',
          location: source.location,
        });
    }
    return maps;
  }

  /** `key:` with nothing after it (or `~`) is null, as in Symfony. */
  private valueOf(node: Node | null, keyLocation: SourceLocation): LocatedValue {
    if (node !== null) return this.convert(node);
    const end = { offset: keyLocation.endOffset, line: keyLocation.endLine, column: keyLocation.endColumn };
    return { kind: 'scalar', value: null, location: { ...keyLocation, ...end } };
  }

  private refuse(location: SourceLocation, message: string): LocatedValue {
    this.problems.push({ message, location });
    return { kind: 'scalar', value: null, location };
  }

  private spendAliasBudget(): boolean {
    if (this.aliasBudget-- > 0) return true;
    if (this.aliasBudget === -1) {
      this.problems.push({
        message: `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} values: refused (aliases that multiply, as in a "billion laughs" file, would exhaust memory).`,
        location: this.outermostAlias!,
      });
    }
    return false;
  }

  // range = [start, value end, node end]; the node end runs on to the next line, which would make editor squiggles wrap.
  private locationOf(node: Node): SourceLocation {
    const [start, end] = node.range ?? [0, 0, 0];
    return locate(this.file, this.lineCounter, start, end);
  }
}
