import {
  type LocatedEntry,
  type LocatedMap,
  type LocatedValue,
  parseLocatedYaml,
  type SourceLocation,
} from '@messenger-ts/runtime/rules';
import { rangeOf } from '../../analysis/diagnostics/config.js';
import type { Range } from '../../protocol.js';

/** A transport or bus name written in messenger.yaml: where it is defined (a key) or used (a value). */
export interface YamlSite {
  readonly kind: 'transport' | 'bus';
  readonly name: string;
  /** The name without its quotes. */
  readonly range: Range;
  readonly role: 'definition' | 'reference';
  /** The key it is written under: `transports`, `routing`, `failure_transport`, `buses`, `default_bus`. */
  readonly context: string;
}

// The config files, parsed: each request reads them again (a hover on a routing key, a rename), the text rarely changes.
const parsed = new Map<
  string,
  { readonly text: string; readonly root: LocatedValue | undefined; sites?: YamlSite[] }
>();

function parsedConfig(file: string, text: string): { readonly root: LocatedValue | undefined; sites?: YamlSite[] } {
  const cached = parsed.get(file);
  if (cached?.text === text) return cached;
  const entry = { text, root: parseLocatedYaml(file, text).root };
  // A handful of config files per project: the map stays small; a file edited replaces its entry.
  if (parsed.size > 32) parsed.clear();
  parsed.set(file, entry);
  return entry;
}

/** A config file read by the runtime's own YAML reader (anchors, merge keys), or nothing when it does not parse. */
export function parseConfig(file: string, text: string): LocatedValue | undefined {
  return parsedConfig(file, text).root;
}

/** The `framework.messenger` maps of a file: the top-level one and each `when@<env>`'s. */
export function messengerMaps(root: LocatedValue | undefined): LocatedMap[] {
  if (root?.kind !== 'map') return [];
  const out: LocatedMap[] = [];
  for (const [key, entry] of root.entries) {
    const framework =
      key === 'framework' ? entry : key.startsWith('when@') ? mapEntry(entry.value, 'framework') : undefined;
    const messenger = framework === undefined ? undefined : mapEntry(framework.value, 'messenger');
    if (messenger?.value.kind === 'map') out.push(messenger.value);
  }
  return out;
}

function mapEntry(value: LocatedValue, key: string): LocatedEntry | undefined {
  return value.kind === 'map' ? value.entries.get(key) : undefined;
}

/** The range of a scalar or a key, its quotes left out. */
export function innerRange(location: SourceLocation, text: string): Range {
  const range = rangeOf(location);
  const first = text[location.offset];
  const quoted = (first === "'" || first === '"') && location.endOffset - location.offset >= 2;
  if (!quoted || range.start.line !== range.end.line) return range;
  return {
    start: { line: range.start.line, character: range.start.character + 1 },
    end: { line: range.end.line, character: range.end.character - 1 },
  };
}

/** Every transport and bus name of a messenger.yaml, keys and values, in the order written. */
export function yamlSites(file: string, text: string): YamlSite[] {
  const entry = parsedConfig(file, text);
  entry.sites ??= computeSites(file, text, entry.root);
  return entry.sites;
}

function computeSites(file: string, text: string, root: LocatedValue | undefined): YamlSite[] {
  const sites: YamlSite[] = [];
  const scalar = (value: LocatedValue, kind: YamlSite['kind'], context: string): void => {
    if (value.kind === 'scalar' && typeof value.value === 'string' && value.location.file === file)
      sites.push({ kind, name: value.value, range: innerRange(value.location, text), role: 'reference', context });
    else if (value.kind === 'list') for (const item of value.items) scalar(item, kind, context);
  };
  const key = (entry: LocatedEntry, kind: YamlSite['kind'], context: string): void => {
    if (entry.keyLocation.file === file)
      sites.push({ kind, name: entry.key, range: innerRange(entry.keyLocation, text), role: 'definition', context });
  };
  for (const messenger of messengerMaps(root)) {
    const entries = messenger.entries;
    const transports = entries.get('transports')?.value;
    if (transports?.kind === 'map')
      for (const entry of transports.entries.values()) {
        key(entry, 'transport', 'transports');
        const failure = mapEntry(entry.value, 'failure_transport');
        if (failure !== undefined) scalar(failure.value, 'transport', 'failure_transport');
      }
    const failure = entries.get('failure_transport');
    if (failure !== undefined) scalar(failure.value, 'transport', 'failure_transport');
    const routing = entries.get('routing')?.value;
    if (routing?.kind === 'map')
      for (const entry of routing.entries.values()) {
        const senders = entry.value.kind === 'map' ? mapEntry(entry.value, 'senders')?.value : entry.value;
        if (senders !== undefined) scalar(senders, 'transport', 'routing');
      }
    const buses = entries.get('buses')?.value;
    if (buses?.kind === 'map') for (const entry of buses.entries.values()) key(entry, 'bus', 'buses');
    const defaultBus = entries.get('default_bus');
    if (defaultBus !== undefined) scalar(defaultBus.value, 'bus', 'default_bus');
  }
  return sites.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
