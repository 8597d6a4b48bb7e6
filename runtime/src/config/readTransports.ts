import { RETRY_STRATEGY_KEYS, TRANSPORT_KEYS } from './configKeys.js';
import { InvalidDsnException } from '../errors/InvalidDsnException.js';
import { Dsn, maskDsn } from '../transport/Dsn.js';
import type { TransportFactoryRegistry } from '../transport/TransportFactoryRegistry.js';
import type { ConfigContext } from './ConfigContext.js';
import type { LocatedEntry, LocatedMap, LocatedValue } from './locatedTree.js';
import { DEFAULT_RETRY_STRATEGY, type RetryStrategyConfig, type TransportConfig } from './MessengerConfig.js';
import { envVariablesIn, showResolved } from './envPlaceholders.js';
import { mergeTransportOptions } from './transportOptions.js';

/** framework.messenger.transports: a DSN string or `{ dsn, options, serializer, retry_strategy, failure_transport }` per name. */
export function readTransports(
  context: ConfigContext,
  value: LocatedValue | undefined,
  factories: TransportFactoryRegistry,
): Map<string, TransportConfig> {
  const transports = new Map<string, TransportConfig>();
  const map = value && context.map(value, 'framework.messenger.transports');
  if (map === undefined) return transports;
  for (const entry of map.entries.values()) {
    const transport = readTransport(context, entry, factories);
    if (transport !== undefined) transports.set(entry.key, transport);
  }
  return transports;
}

function readTransport(
  context: ConfigContext,
  entry: LocatedEntry,
  factories: TransportFactoryRegistry,
): TransportConfig | undefined {
  const path = `framework.messenger.transports.${entry.key}`;
  let dsnValue: LocatedValue | undefined;
  let definition: LocatedMap | undefined;
  if (entry.value.kind === 'map') {
    definition = entry.value;
    context.checkKeys(definition, path, TRANSPORT_KEYS);
    dsnValue = definition.entries.get('dsn')?.value;
    if (dsnValue === undefined) {
      context.error('missing-value', `${path}.dsn`, entry.keyLocation, `Transport "${entry.key}" has no "dsn".`);
      return undefined;
    }
  } else {
    dsnValue = entry.value;
  }
  const dsnTemplate = dsnValue.kind === 'scalar' && typeof dsnValue.value === 'string' ? dsnValue.value : '';
  const dsn = context.string(dsnValue, definition ? `${path}.dsn` : path);
  const get = (key: string): LocatedValue | undefined => definition?.entries.get(key)?.value;
  const yamlOptions = get('options');
  const plainOptions =
    yamlOptions === undefined
      ? {}
      : ((context.plain(yamlOptions, `${path}.options`) as Record<string, unknown> | null) ?? {});
  const options =
    dsn === undefined ? {} : checkDsn(context, entry.key, path, dsn, dsnValue, plainOptions, yamlOptions, factories);
  const optionalString = (key: string): string | undefined => {
    const value = get(key);
    return value === undefined || (value.kind === 'scalar' && value.value === null)
      ? undefined
      : context.string(value, `${path}.${key}`);
  };
  const rateLimiter = optionalString('rate_limiter');
  if (rateLimiter !== undefined) {
    // Accepted so that Symfony configs load, but no worker throttles yet: say so rather than silently ignore it.
    const key = definition?.entries.get('rate_limiter');
    context.warning(
      'unsupported-option',
      `${path}.rate_limiter`,
      key?.keyLocation ?? entry.keyLocation,
      `"rate_limiter" of transport "${entry.key}" has no effect yet: workers do not throttle consumption in this version, so messages are handled as fast as they arrive.`,
    );
  }
  return {
    name: entry.key,
    dsn: dsn ?? '',
    dsnTemplate,
    options,
    serializer: optionalString('serializer'),
    retryStrategy: readRetryStrategy(context, get('retry_strategy'), `${path}.retry_strategy`),
    failureTransport: optionalString('failure_transport'),
    rateLimiter,
    location: entry.keyLocation,
    dsnLocation: dsnValue.location,
    optionLocations:
      yamlOptions?.kind === 'map'
        ? Object.fromEntries([...yamlOptions.entries.values()].map((e) => [e.key, e.keyLocation]))
        : {},
  };
}

function checkDsn(
  context: ConfigContext,
  name: string,
  path: string,
  dsn: string,
  dsnValue: LocatedValue,
  options: Record<string, unknown>,
  yamlOptions: LocatedValue | undefined,
  factories: TransportFactoryRegistry,
): Record<string, unknown> {
  let parsed: Dsn;
  try {
    parsed = Dsn.parse(dsn);
  } catch (error) {
    if (!(error instanceof InvalidDsnException)) throw error;
    const template = dsnValue.kind === 'scalar' ? dsnValue.value : undefined;
    context.error('invalid-dsn', path, dsnValue.location, `Transport "${name}": ${invalidDsn(template, error)}`);
    return options;
  }
  const factory = factories.factoryFor(parsed);
  if (factory === undefined) {
    if (factories.isPlanned(dsn)) {
      context.warning(
        'transport-not-available',
        path,
        dsnValue.location,
        `Transport "${name}" (${maskDsn(dsn)}): ${factories.explainUnsupported(dsn)}.`,
      );
    } else {
      context.error(
        'unknown-dsn-scheme',
        path,
        dsnValue.location,
        `Transport "${name}": ${factories.explainUnsupported(dsn)}.`,
      );
    }
    return options;
  }
  const template = (option: string, origin: 'dsn' | 'options'): unknown => {
    if (origin === 'dsn') return dsnValue.kind === 'scalar' ? dsnValue.value : undefined;
    const optionValue = yamlOptions?.kind === 'map' ? yamlOptions.entries.get(option)?.value : undefined;
    return optionValue?.kind === 'scalar' ? optionValue.value : undefined;
  };
  const show = (option: string, origin: 'dsn' | 'options', value: unknown): string =>
    showResolved(template(option, origin), value);
  const merged = mergeTransportOptions(
    factory.label,
    factory.options,
    parsed.query,
    options,
    factory.ignoresUnknownOptions,
    show,
  );
  for (const problem of merged.problems) {
    const optionEntry = yamlOptions?.kind === 'map' ? yamlOptions.entries.get(problem.option) : undefined;
    const location = problem.origin === 'options' && optionEntry ? optionEntry.keyLocation : dsnValue.location;
    context.error(
      'unknown-transport-option',
      `${path}.options.${problem.option}`,
      location,
      `Transport "${name}": ${problem.message}`,
    );
  }
  return merged.options;
}

/** A DSN that does not parse is never shown (nothing tells its password apart): say where it came from instead. */
function invalidDsn(template: unknown, error: InvalidDsnException): string {
  const variables = typeof template === 'string' ? envVariablesIn(template) : [];
  if (variables.length === 0)
    return `the DSN written here is invalid (not repeated, as it may hold a password): ${error.reason}.`;
  const names = variables.map((variable) => `"${variable}"`).join(', ');
  return `the DSN from env var${variables.length > 1 ? 's' : ''} ${names} is invalid (its value is not shown, as it may hold a password): ${error.reason}.`;
}

function readRetryStrategy(context: ConfigContext, value: LocatedValue | undefined, path: string): RetryStrategyConfig {
  const map = value === undefined ? undefined : context.map(value, path);
  if (map === undefined) return DEFAULT_RETRY_STRATEGY;
  context.checkKeys(map, path, RETRY_STRATEGY_KEYS);
  const number = (key: string, fallback: number, valid: (n: number) => boolean, rule: string): number => {
    const entry = map.entries.get(key);
    if (entry === undefined) return fallback;
    const raw = context.scalar(entry.value, `${path}.${key}`);
    if (raw === undefined) return fallback;
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n === 'number' && Number.isFinite(n) && valid(n)) return n;
    context.error(
      'invalid-retry-strategy',
      `${path}.${key}`,
      entry.value.location,
      `Invalid retry_strategy: "${key}" must be ${rule}, got ${context.show(entry.value, raw)}.`,
    );
    return fallback;
  };
  const serviceEntry = map.entries.get('service');
  const service =
    serviceEntry === undefined || (serviceEntry.value.kind === 'scalar' && serviceEntry.value.value === null)
      ? undefined
      : context.string(serviceEntry.value, `${path}.service`);
  const d = DEFAULT_RETRY_STRATEGY;
  return {
    service,
    maxRetries: number('max_retries', d.maxRetries, (n) => Number.isInteger(n) && n >= 0, 'an integer >= 0'),
    delay: number('delay', d.delay, (n) => Number.isInteger(n) && n >= 0, 'an integer >= 0 (milliseconds)'),
    multiplier: number('multiplier', d.multiplier, (n) => n >= 1, 'a number >= 1'),
    maxDelay: number(
      'max_delay',
      d.maxDelay,
      (n) => Number.isInteger(n) && n >= 0,
      'an integer >= 0 (milliseconds; 0 means no maximum)',
    ),
    jitter: number('jitter', d.jitter, (n) => n >= 0 && n <= 1, 'a number between 0 and 1'),
  };
}
