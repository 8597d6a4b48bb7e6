import type { ConfigProblem, ConfigProblemCodeOf } from '../errors/InvalidConfigurationException.js';
import { closestName, didYouMean } from './didYouMean.js';
import { type PlaceholderContext, resolvePlaceholders, showResolved } from './envPlaceholders.js';
import type { LocatedEntry, LocatedMap, LocatedValue } from './locatedTree.js';
import type { SourceLocation } from './SourceLocation.js';

/** Collects problems while the sections of the config are read, and reads typed values. */
export class ConfigContext {
  readonly problems: ConfigProblem[] = [];

  constructor(readonly placeholders: PlaceholderContext) {}

  /** A problem that stops createMessenger() (the code's severity in CONFIG_PROBLEM_SEVERITIES). */
  error(
    code: ConfigProblemCodeOf<'error'>,
    path: string,
    location: SourceLocation,
    message: string,
    names: UnknownName = {},
  ): void {
    this.problems.push({ code, severity: 'error', path, location, message, ...definedNames(names) });
  }

  /** A problem that is only reported. */
  warning(code: ConfigProblemCodeOf<'warning'>, path: string, location: SourceLocation, message: string): void {
    this.problems.push({ code, severity: 'warning', path, location, message });
  }

  /** Reports keys of a map that are not in `known`, with a suggestion. */
  checkKeys(map: LocatedMap, path: string, known: readonly string[]): void {
    for (const entry of map.entries.values()) {
      if (known.includes(entry.key)) continue;
      this.error(
        'unknown-key',
        `${path}.${entry.key}`,
        entry.keyLocation,
        `Unrecognized option "${entry.key}" under "${path}"${didYouMean(entry.key, known)}. Available options are "${known.join('", "')}".`,
        { unknownName: entry.key, closestName: closestName(entry.key, known) },
      );
    }
  }

  /** A map, or a problem if the value is something else; `null` counts as an empty map. */
  map(value: LocatedValue, path: string): LocatedMap | undefined {
    if (value.kind === 'map') return value;
    if (value.kind === 'scalar' && value.value === null)
      return { kind: 'map', entries: new Map(), location: value.location };
    this.error(
      'invalid-value',
      path,
      value.location,
      `Invalid type for "${path}": expected a map of keys and values, got ${describe(value)}.`,
    );
    return undefined;
  }

  /** A scalar with placeholders resolved; `undefined` after reporting a problem. */
  scalar(value: LocatedValue, path: string): unknown {
    if (value.kind !== 'scalar') {
      this.error(
        'invalid-value',
        path,
        value.location,
        `Invalid type for "${path}": expected a scalar, got ${describe(value)}.`,
      );
      return undefined;
    }
    if (typeof value.value !== 'string') return value.value;
    const resolved = resolvePlaceholders(value.value, this.placeholders);
    if (resolved.ok) return resolved.value;
    if (resolved.missingVariable !== undefined)
      this.error('env-not-found', path, value.location, resolved.message, { unknownName: resolved.missingVariable });
    else this.error('invalid-placeholder', path, value.location, resolved.message);
    return undefined;
  }

  /** A resolved scalar for an error message, naming the env var instead of showing its (maybe secret) value. */
  show(value: LocatedValue, resolved: unknown): string {
    return showResolved(value.kind === 'scalar' ? value.value : undefined, resolved);
  }

  string(value: LocatedValue, path: string): string | undefined {
    const scalar = this.scalar(value, path);
    if (scalar === undefined) return undefined;
    if (typeof scalar === 'string') return scalar;
    if (typeof scalar === 'number') return String(scalar);
    this.error(
      'invalid-value',
      path,
      value.location,
      `Invalid type for "${path}": expected a string, got ${scalar === null ? 'null' : typeof scalar}.`,
    );
    return undefined;
  }

  /** A string or a list of strings, as a list (routing senders, stop signals). */
  stringList(value: LocatedValue, path: string): Array<{ value: string; location: SourceLocation }> {
    const items = value.kind === 'list' ? value.items : [value];
    const list: Array<{ value: string; location: SourceLocation }> = [];
    items.forEach((item, index) => {
      const text = this.string(item, value.kind === 'list' ? `${path}[${index}]` : path);
      if (text !== undefined) list.push({ value: text, location: item.location });
    });
    return list;
  }

  /** Any YAML value as plain data (options of a transport), placeholders resolved. */
  plain(value: LocatedValue, path: string): unknown {
    switch (value.kind) {
      case 'scalar':
        return this.scalar(value, path);
      case 'list':
        return value.items.map((item, index) => this.plain(item, `${path}[${index}]`));
      case 'map': {
        const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        for (const entry of value.entries.values()) out[entry.key] = this.plain(entry.value, `${path}.${entry.key}`);
        return out;
      }
    }
  }
}

/** What a problem about a name that names nothing carries for a quick-fix. */
export interface UnknownName {
  readonly unknownName?: string;
  readonly closestName?: string | undefined;
}

function definedNames(names: UnknownName): { unknownName?: string; closestName?: string } {
  return {
    ...(names.unknownName === undefined ? {} : { unknownName: names.unknownName }),
    ...(names.closestName === undefined ? {} : { closestName: names.closestName }),
  };
}

export function describe(value: LocatedValue): string {
  if (value.kind === 'list') return 'a list';
  if (value.kind === 'map') return 'a map';
  return value.value === null ? 'null' : `${typeof value.value} "${String(value.value)}"`;
}

export type Entries = Iterable<LocatedEntry>;
