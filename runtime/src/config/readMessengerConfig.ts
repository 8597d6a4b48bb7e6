import { MESSENGER_KEYS, ROOT_KEYS, SERIALIZER_KEYS, SYMFONY_SERIALIZER_KEYS } from './configKeys.js';
import { type ConfigProblem, InvalidConfigurationException } from '../errors/InvalidConfigurationException.js';
import { readFileIfExists } from '../support/readFileIfExists.js';
import { TransportFactoryRegistry } from '../transport/TransportFactoryRegistry.js';
import { configFilesToRead } from './configFiles.js';
import { ConfigContext } from './ConfigContext.js';
import { closestName, didYouMean } from './didYouMean.js';
import { loadDotenv } from './dotenv/loadDotenv.js';
import { entryAt, type LocatedValue, mergeLocated } from './locatedTree.js';
import { parseLocatedYaml } from './parseLocatedYaml.js';
import {
  type BusConfig,
  DEFAULT_BUS,
  type MessengerConfig,
  SYMFONY_SERIALIZER,
  type SerializerConfig,
  type TransportConfig,
} from './MessengerConfig.js';
import { readBuses } from './readBuses.js';
import { readRouting } from './readRouting.js';
import { readTransports } from './readTransports.js';
import { readStopSignals, warnAboutResetOnMessage } from './readWorkerOptions.js';
import type { SourceLocation } from './SourceLocation.js';

export { DEFAULT_CONFIG_FILE } from '../layout/projectLayout.js';

export interface ReadConfigOptions {
  readonly projectDir: string;
  /** The base config file, relative to projectDir; default `config/packages/messenger.yaml` (or `.yml`: see projectLayout). */
  readonly file?: string;
  /** APP_ENV; by default from the environment, then the .env files, then `dev`. */
  readonly env?: string;
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** Reads a file, or returns undefined if it does not exist (the language server passes unsaved buffers). */
  readonly readFile?: (path: string) => string | undefined;
  readonly transportFactories?: TransportFactoryRegistry;
}

export interface ConfigReadResult {
  /** Always present: what could be read, with defaults for the rest. */
  readonly config: MessengerConfig;
  readonly problems: readonly ConfigProblem[];
}

/** Loads the config and throws InvalidConfigurationException listing every error (warnings do not throw). */
export function loadMessengerConfig(options: ReadConfigOptions): MessengerConfig {
  const { config, problems } = readMessengerConfig(options);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new InvalidConfigurationException(errors);
  return config;
}

/**
 * Reads `framework.messenger` from the base file, its `when@<env>` block, and the
 * environment's `config/packages/<env>/messenger.yaml`, merged in that order. Never throws:
 * problems are returned with their locations, for the CLI and the language server alike.
 */
export function readMessengerConfig(options: ReadConfigOptions): ConfigReadResult {
  const read = options.readFile ?? readFileIfExists;
  const dotenv = loadDotenv({
    projectDir: options.projectDir,
    env: options.env,
    processEnv: options.processEnv,
    readFile: read,
  });
  const context = new ConfigContext({
    env: dotenv.vars,
    parameters: { 'kernel.project_dir': options.projectDir, 'kernel.environment': dotenv.appEnv },
  });
  for (const problem of dotenv.problems) {
    if (problem.code === 'dotenv-command-not-run') context.warning(problem.code, '', problem.location, problem.message);
    else context.error(problem.code, '', problem.location, problem.message);
  }
  const files: string[] = [];
  let messenger: LocatedValue | undefined;
  const which = { projectDir: options.projectDir, file: options.file, appEnv: dotenv.appEnv };
  for (const { file, text } of configFilesToRead(which, read, context)) {
    files.push(file);
    for (const part of messengerParts(context, file, text, dotenv.appEnv)) messenger = mergeLocated(messenger, part);
  }
  const config = normalize(context, messenger, options, dotenv.appEnv, [...files, ...dotenv.files], dotenv.fileVars);
  // In document order, whatever order the sections were checked in.
  const order = [...files, ...dotenv.files];
  const problems = [...context.problems].sort(
    (a, b) => order.indexOf(a.location.file) - order.indexOf(b.location.file) || a.location.offset - b.location.offset,
  );
  return { config, problems };
}

/** The `framework.messenger` blocks of one file: the top-level one, then `when@<env>`'s. */
function messengerParts(context: ConfigContext, file: string, text: string, env: string): LocatedValue[] {
  const parsed = parseLocatedYaml(file, text);
  for (const problem of parsed.problems) context.error('yaml-syntax', '', problem.location, problem.message);
  const root = parsed.root;
  if (root === undefined || (root.kind === 'scalar' && root.value === null)) return [];
  if (root.kind !== 'map') {
    context.error('invalid-value', '', root.location, 'A messenger config file must be a map with a "framework" key.');
    return [];
  }
  const parts: LocatedValue[] = [];
  for (const entry of root.entries.values()) {
    if (entry.key.startsWith('when@')) continue;
    if (!(ROOT_KEYS as readonly string[]).includes(entry.key)) {
      context.error(
        'unknown-key',
        entry.key,
        entry.keyLocation,
        `Unrecognized top-level key "${entry.key}"${didYouMean(entry.key, [...ROOT_KEYS])}: messenger options live under "framework: messenger:".`,
      );
    }
  }
  const main = entryAt(root, 'framework', 'messenger');
  if (main !== undefined) parts.push(expandShorthands(main.value));
  const conditional = entryAt(root, `when@${env}`, 'framework', 'messenger');
  if (conditional !== undefined) parts.push(expandShorthands(conditional.value));
  return parts;
}

/**
 * `async: 'in-memory://'` is short for `async: { dsn: 'in-memory://' }`. Symfony expands it
 * before merging files, so an environment that only swaps the DSN keeps the base file's
 * retry_strategy and options.
 */
function expandShorthands(messenger: LocatedValue): LocatedValue {
  const transports = messenger.kind === 'map' ? messenger.entries.get('transports') : undefined;
  if (messenger.kind !== 'map' || transports?.value.kind !== 'map') return messenger;
  const expanded = new Map(transports.value.entries);
  for (const [name, entry] of expanded) {
    if (entry.value.kind !== 'scalar' || entry.value.value === null) continue;
    const dsn = { key: 'dsn', keyLocation: entry.value.location, value: entry.value };
    expanded.set(name, {
      ...entry,
      value: { kind: 'map', entries: new Map([['dsn', dsn]]), location: entry.value.location },
    });
  }
  const entries = new Map(messenger.entries);
  entries.set('transports', { ...transports, value: { ...transports.value, entries: expanded } });
  return { ...messenger, entries };
}

function normalize(
  context: ConfigContext,
  messenger: LocatedValue | undefined,
  options: ReadConfigOptions,
  env: string,
  files: string[],
  dotenvVariables: Readonly<Record<string, string>>,
): MessengerConfig {
  const root = messenger === undefined ? undefined : context.map(messenger, 'framework.messenger');
  if (root !== undefined) context.checkKeys(root, 'framework.messenger', MESSENGER_KEYS);
  const get = (key: string): LocatedValue | undefined => root?.entries.get(key)?.value;
  const optionalString = (key: string): { value: string; location: SourceLocation } | undefined => {
    const value = get(key);
    if (value === undefined || (value.kind === 'scalar' && value.value === null)) return undefined;
    const text = context.string(value, `framework.messenger.${key}`);
    return text === undefined ? undefined : { value: text, location: value.location };
  };
  const transports = readTransports(
    context,
    get('transports'),
    options.transportFactories ?? new TransportFactoryRegistry(),
  );
  const routing = readRouting(context, get('routing'));
  const failureTransport = optionalString('failure_transport');
  const defaultBus = optionalString('default_bus');
  const buses = readBuses(context, get('buses'));
  checkReferences(context, transports, routing, failureTransport);
  const busName = defaultBus?.value ?? (buses.size > 0 ? [...buses.keys()][0]! : DEFAULT_BUS);
  if (buses.size === 0)
    buses.set(busName, { name: busName, defaultMiddleware: true, middleware: [], location: undefined });
  else if (defaultBus !== undefined && !buses.has(defaultBus.value)) {
    context.error(
      'unknown-bus',
      'framework.messenger.default_bus',
      defaultBus.location,
      `The default bus "${defaultBus.value}" is not configured under "buses"${didYouMean(defaultBus.value, buses.keys())} (configured: ${[...buses.keys()].join(', ')}).`,
      { unknownName: defaultBus.value, closestName: closestName(defaultBus.value, buses.keys()) },
    );
  }
  warnAboutResetOnMessage(context, get('reset_on_message'));
  return {
    env,
    projectDir: options.projectDir,
    files,
    transports,
    routing,
    failureTransport: failureTransport?.value,
    defaultBus: busName,
    buses: buses as ReadonlyMap<string, BusConfig>,
    serializer: readSerializer(context, get('serializer')),
    stopWorkerOnSignals: readStopSignals(context, get('stop_worker_on_signals')),
    dotenvVariables,
  };
}

function checkReferences(
  context: ConfigContext,
  transports: ReadonlyMap<string, TransportConfig>,
  routing: ReturnType<typeof readRouting>,
  failureTransport: { value: string; location: SourceLocation } | undefined,
): void {
  const unknown = (name: string): string =>
    `Unknown transport "${name}"${didYouMean(name, transports.keys())}. Configured transports: ${[...transports.keys()].join(', ') || 'none'}.`;
  const names = (name: string) => ({ unknownName: name, closestName: closestName(name, transports.keys()) });
  for (const rule of routing) {
    rule.transports.forEach((name, index) => {
      if (!transports.has(name))
        context.error(
          'unknown-transport',
          `framework.messenger.routing.${rule.message}`,
          rule.transportLocations[index]!,
          `Invalid routing for "${rule.message}": ${unknown(name)}`,
          names(name),
        );
    });
  }
  if (failureTransport !== undefined && !transports.has(failureTransport.value)) {
    context.error(
      'unknown-transport',
      'framework.messenger.failure_transport',
      failureTransport.location,
      `Invalid failure_transport: ${unknown(failureTransport.value)}`,
      names(failureTransport.value),
    );
  }
  for (const transport of transports.values()) {
    if (transport.failureTransport !== undefined && !transports.has(transport.failureTransport)) {
      context.error(
        'unknown-transport',
        `framework.messenger.transports.${transport.name}.failure_transport`,
        transport.location,
        `Invalid failure_transport of transport "${transport.name}": ${unknown(transport.failureTransport)}`,
        names(transport.failureTransport),
      );
    }
  }
}

function readSerializer(context: ConfigContext, value: LocatedValue | undefined): SerializerConfig {
  const defaults: SerializerConfig = { defaultSerializer: SYMFONY_SERIALIZER, format: 'json', context: {} };
  const map = value && context.map(value, 'framework.messenger.serializer');
  if (map === undefined) return defaults;
  context.checkKeys(map, 'framework.messenger.serializer', SERIALIZER_KEYS);
  const defaultSerializer = map.entries.get('default_serializer');
  const symfony = map.entries.get('symfony_serializer');
  const symfonyMap = symfony && context.map(symfony.value, 'framework.messenger.serializer.symfony_serializer');
  if (symfonyMap)
    context.checkKeys(symfonyMap, 'framework.messenger.serializer.symfony_serializer', SYMFONY_SERIALIZER_KEYS);
  const format = symfonyMap?.entries.get('format');
  const formatValue =
    format === undefined
      ? 'json'
      : (context.string(format.value, 'framework.messenger.serializer.symfony_serializer.format') ?? 'json');
  if (format !== undefined && formatValue !== 'json') {
    context.error(
      'invalid-value',
      'framework.messenger.serializer.symfony_serializer.format',
      format.value.location,
      `Only the "json" format is supported, got "${formatValue}".`,
    );
  }
  const serializerContext = symfonyMap?.entries.get('context');
  return {
    defaultSerializer:
      (defaultSerializer &&
        context.string(defaultSerializer.value, 'framework.messenger.serializer.default_serializer')) ??
      SYMFONY_SERIALIZER,
    format: 'json',
    context: serializerContext
      ? ((context.plain(serializerContext.value, 'framework.messenger.serializer.symfony_serializer.context') as Record<
          string,
          unknown
        > | null) ?? {})
      : {},
  };
}
