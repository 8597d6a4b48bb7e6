import type { TransportOptionSpec, TransportOptionsSpec } from '../transport/TransportFactory.js';
import { didYouMean } from './didYouMean.js';

export interface OptionProblem {
  readonly option: string;
  /** Where the option came from: the DSN query or the YAML `options` key. */
  readonly origin: 'dsn' | 'options';
  readonly message: string;
}

/**
 * Merges a DSN's query with the YAML `options` (the YAML wins, as in Symfony) and checks the
 * result against the transport's option spec: unknown options and wrong types are reported,
 * query strings are coerced ("3600" → 3600, "false" → false).
 */
export function mergeTransportOptions(
  label: string,
  spec: TransportOptionsSpec,
  query: Readonly<Record<string, string>>,
  options: Readonly<Record<string, unknown>>,
  ignoreUnknown = false,
  // How a bad value is shown in its error: the caller names the env var when the value came from one.
  show: (name: string, origin: 'dsn' | 'options', value: unknown) => string = (_name, _origin, value) =>
    JSON.stringify(value),
): { options: Record<string, unknown>; problems: OptionProblem[] } {
  const merged: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const problems: OptionProblem[] = [];
  const known = Object.keys(spec);
  const apply = (name: string, value: unknown, origin: 'dsn' | 'options'): void => {
    const optionSpec = spec[name];
    if (optionSpec === undefined) {
      if (!ignoreUnknown)
        problems.push({
          option: name,
          origin,
          message: `The ${label} transport has no option "${name}"${didYouMean(name, known)}.${known.length ? ` Known options: ${known.join(', ')}.` : ''}`,
        });
      return;
    }
    const coerced = coerce(value, optionSpec, origin === 'dsn');
    if (coerced.ok) merged[name] = coerced.value;
    else
      problems.push({
        option: name,
        origin,
        message: `Option "${name}" of the ${label} transport must be ${article(optionSpec.type)}, got ${show(name, origin, value)}.`,
      });
  };
  for (const [name, value] of Object.entries(expandBrackets(query))) apply(name, value, 'dsn');
  for (const [name, value] of Object.entries(options)) apply(name, value, 'options');
  for (const [name, optionSpec] of Object.entries(spec)) {
    if (!(name in merged) && optionSpec.default !== undefined) merged[name] = optionSpec.default;
  }
  return { options: merged, problems };
}

/**
 * PHP's parse_str reading of a DSN query: `exchange[name]=x&queues[q][binding_keys][]=k` gives
 * nested maps (a `[]` or a number is a position), as Symfony's AMQP options expect.
 */
export function expandBrackets(query: Readonly<Record<string, string>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    const match = /^([^[\]]+)((?:\[[^\]]*\])+)$/.exec(key);
    if (match === null) {
      result[key] = value;
      continue;
    }
    const path = [...match[2]!.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!);
    const child = (node: Record<string, unknown>, name: string): Record<string, unknown> => {
      const existing = node[name];
      if (typeof existing === 'object' && existing !== null) return existing as Record<string, unknown>;
      const created: Record<string, unknown> = {};
      node[name] = created;
      return created;
    };
    let node = child(result, match[1]!);
    path.forEach((part, index) => {
      const name = part === '' ? String(Object.keys(node).length) : part;
      if (index === path.length - 1) node[name] = value;
      else node = child(node, name);
    });
  }
  return result;
}

function coerce(
  value: unknown,
  spec: TransportOptionSpec,
  fromQuery: boolean,
): { ok: true; value: unknown } | { ok: false } {
  if (value === null || value === undefined) return { ok: true, value: spec.default ?? null };
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number'
        ? { ok: true, value: String(value) }
        : { ok: false };
    case 'number': {
      const number =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : Number.NaN;
      return Number.isFinite(number) ? { ok: true, value: number } : { ok: false };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (fromQuery || typeof value === 'string' || typeof value === 'number') {
        const text = String(value).toLowerCase();
        if (['1', 'true', 'yes', 'on'].includes(text)) return { ok: true, value: true };
        if (['0', 'false', 'no', 'off', ''].includes(text)) return { ok: true, value: false };
      }
      return { ok: false };
    case 'object':
      return typeof value === 'object' && !Array.isArray(value) ? { ok: true, value } : { ok: false };
    case 'array':
      return Array.isArray(value) ? { ok: true, value } : { ok: false };
  }
}

function article(type: TransportOptionSpec['type']): string {
  return { string: 'a string', number: 'a number', boolean: 'a boolean', object: 'a map', array: 'a list' }[type];
}
