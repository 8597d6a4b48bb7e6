import { fileURLToPath } from 'node:url';
import { type MessageBusInterface, MessageBus } from '../bus/MessageBus.js';
import { RoutableMessageBus } from '../bus/RoutableMessageBus.js';
import type { MessengerConfig } from '../config/MessengerConfig.js';
import { loadMessengerConfig } from '../config/readMessengerConfig.js';
import { type ConfigProblem, InvalidConfigurationException } from '../errors/InvalidConfigurationException.js';
import { type EventSubscriber, EventDispatcher } from '../event/EventDispatcher.js';
import type { HandlerDescriptor } from '../handler/HandlerDescriptor.js';
import { HandlersLocator } from '../handler/HandlersLocator.js';
import { collectResettable } from '../listener/ResetServicesListener.js';
import type { Logger } from '../log/Logger.js';
import type { MessageClass } from '../message/MessageClass.js';
import { MessageTypeRegistry } from '../message/MessageTypeRegistry.js';
import { type Autoload, DEFAULT_AUTOLOAD } from '../message/namespaces.js';
import { DispatchAfterCurrentBusMiddleware } from '../middleware/DispatchAfterCurrentBusMiddleware.js';
import { FailedMessageProcessingMiddleware } from '../middleware/FailedMessageProcessingMiddleware.js';
import { SendMessageMiddleware } from '../middleware/SendMessageMiddleware.js';
import type { Validator } from '../middleware/ValidationMiddleware.js';
import { SendersLocator } from '../routing/SendersLocator.js';
import type { Serializer } from '../transport/serialization/Serializer.js';
import type { Transport } from '../transport/Transport.js';
import type { TransportFactory } from '../transport/TransportFactory.js';
import type { TransportFactoryRegistry } from '../transport/TransportFactoryRegistry.js';
import { buildMiddleware, type MiddlewareService } from './buildMiddleware.js';
import { buildRetryStrategies } from './buildRetryStrategies.js';
import { buildTransports } from './buildTransports.js';
import { Messenger, missingBus } from './Messenger.js';
import { type HandlerEntry, type HandlersByBus, instantiateHandlers, registerHandlers } from './registerHandlers.js';
import { resolveRoutingKeys } from './resolveRoutingKeys.js';
import { applicationTransportFactories } from './transportFactories.js';

/** What a handler factory receives, to reach buses and services the messenger is building. */
export interface HandlerFactoryContext {
  getBus(name?: string): MessageBusInterface;
  getService<T = unknown>(id: string): T | undefined;
  readonly config: MessengerConfig;
}

export interface MessengerOptions {
  /** The project root: config, .env files and relative DSN paths are relative to it. Default: the working directory. */
  projectDir?: string | URL;
  /** The config file, relative to projectDir. Default: `config/packages/messenger.yaml` (optional). */
  configFile?: string;
  /** APP_ENV, selecting `config/packages/<env>/messenger.yaml` and `.env.<env>`. */
  env?: string;
  /** Handlers: decorated instances, decorated classes (built with `new`), or factories `(context) => instance`. */
  handlers?: ReadonlyArray<HandlerEntry<HandlerFactoryContext>>;
  /**
   * Classes the serializer may rebuild, beyond handled and routed ones: messages handled by
   * another application, and value classes nested in messages.
   */
  messages?: readonly MessageClass[];
  /** Middleware named in messenger.yaml `buses.*.middleware`: instances or factories taking the YAML arguments. */
  middleware?: Readonly<Record<string, MiddlewareService>>;
  /** Other services named in messenger.yaml: serializers, retry strategies… */
  services?: Readonly<Record<string, unknown>>;
  /** The validator of the `validation` middleware. */
  validator?: Validator;
  /** Extra transport factories (custom DSN schemes). */
  transportFactories?: readonly TransportFactory[];
  /** Namespace prefixes → directories, to import the classes namespaced routing keys name. Default `{ 'App\\': 'src/' }`. */
  autoload?: Autoload;
  /** Environment variables (default: process.env). */
  processEnv?: Readonly<Record<string, string | undefined>>;
  /** Listeners of every worker's events (WorkerMessageFailedEvent…), as Symfony's event subscribers. */
  subscribers?: readonly EventSubscriber[];
  /** Where workers and their listeners log what they do (retries, failures, stops). */
  logger?: Logger;
}

/**
 * Builds an application's messenger from messenger.yaml and its handlers. Throws
 * InvalidConfigurationException (every problem with file:line:column) or LogicException (for
 * handler declarations) instead of starting half-configured.
 */
export async function createMessenger(options: MessengerOptions = {}): Promise<Messenger> {
  const { projectDir, factories, config } = loadConfig(options);
  const problems: ConfigProblem[] = [];
  const registry = new MessageTypeRegistry(options.messages ?? []);
  const services = { ...(options.services ?? {}) };
  const tables = emptyTables(config);
  const { buses, routableBus, sendersLocator } = buildBuses(config, tables, options, problems);
  const { handlers, byBus } = registerMessageHandlers(options, { config, buses, services }, tables.handlers, registry);
  await routeMessageTypes(config, registry, projectDir, options.autoload, tables.routing, problems);
  const retryStrategies = buildRetryStrategies(config, services, problems);
  const serializers = new Map<string, Serializer>();
  await buildTransports(
    tables.transports,
    serializers,
    {
      config,
      factories,
      services,
      registry,
      projectDir,
      bus: routableBus,
      processEnv: options.processEnv ?? process.env,
      logger: options.logger,
    },
    problems,
  );
  await refuseProblems(problems, tables.transports);
  return new Messenger({
    config,
    buses,
    routableBus,
    transports: tables.transports,
    serializers,
    messageTypes: registry,
    sendersLocator,
    handlersByBus: byBus,
    services,
    retryStrategies,
    eventDispatcher: wireListeners(options.subscribers),
    logger: options.logger,
    resettableServices: collectResettable([
      ...handlers,
      ...Object.values(options.middleware ?? {}),
      ...Object.values(services),
      options.validator,
    ]),
  });
}

function loadConfig(options: MessengerOptions): {
  projectDir: string;
  factories: TransportFactoryRegistry;
  config: MessengerConfig;
} {
  const projectDir =
    options.projectDir instanceof URL ? fileURLToPath(options.projectDir) : (options.projectDir ?? process.cwd());
  const factories = applicationTransportFactories(options.transportFactories);
  const config = loadMessengerConfig({
    projectDir,
    file: options.configFile,
    env: options.env,
    processEnv: options.processEnv,
    transportFactories: factories,
  });
  return { projectDir, factories, config };
}

/**
 * What the buses look things up in. Buses come first (handler factories may ask for them), so
 * they are built on these empty tables, which the later phases fill.
 */
interface Tables {
  readonly handlers: ReadonlyMap<string, Map<MessageClass | '*', HandlerDescriptor[]>>;
  readonly routing: Map<MessageClass | '*', string[]>;
  readonly transports: Map<string, Transport>;
}

function emptyTables(config: MessengerConfig): Tables {
  return {
    handlers: new Map([...config.buses.keys()].map((bus) => [bus, new Map<MessageClass | '*', HandlerDescriptor[]>()])),
    routing: new Map(),
    transports: new Map(),
  };
}

function buildBuses(config: MessengerConfig, tables: Tables, options: MessengerOptions, problems: ConfigProblem[]) {
  const sendersLocator = new SendersLocator(tables.routing, tables.transports);
  const shared = {
    dispatchAfterCurrentBus: new DispatchAfterCurrentBusMiddleware(),
    failedMessageProcessing: new FailedMessageProcessingMiddleware(),
    sendMessage: new SendMessageMiddleware(sendersLocator),
  };
  const buses = new Map<string, MessageBusInterface>();
  for (const bus of config.buses.values()) {
    const env = {
      shared,
      handlersLocator: new HandlersLocator(tables.handlers.get(bus.name)!),
      services: options.middleware ?? {},
      validator: options.validator,
    };
    buses.set(bus.name, new MessageBus(buildMiddleware(bus, env, problems)));
  }
  return { buses, routableBus: new RoutableMessageBus(buses, buses.get(config.defaultBus)), sendersLocator };
}

/** Builds the handlers, fills each bus's handler table, and registers the handled message types (for the serializer). */
function registerMessageHandlers(
  options: MessengerOptions,
  app: {
    config: MessengerConfig;
    buses: ReadonlyMap<string, MessageBusInterface>;
    services: Readonly<Record<string, unknown>>;
  },
  handlerTables: Tables['handlers'],
  registry: MessageTypeRegistry,
): { handlers: object[]; byBus: HandlersByBus } {
  const { config, buses, services } = app;
  const context: HandlerFactoryContext = {
    getBus: (name = config.defaultBus) => buses.get(name) ?? missingBus(name, buses),
    getService: <T>(id: string) => services[id] as T | undefined,
    config,
  };
  const handlers = instantiateHandlers(options.handlers ?? [], context);
  const byBus = registerHandlers(handlers, [...buses.keys()]);
  for (const [bus, byMessage] of byBus) {
    for (const [message, descriptors] of byMessage) {
      handlerTables.get(bus)!.set(message, descriptors);
      if (message !== '*') registry.register(message);
    }
  }
  return { handlers, byBus };
}

/** Resolves the routing keys of messenger.yaml to classes (importing namespaced ones) into the routing table. */
async function routeMessageTypes(
  config: MessengerConfig,
  registry: MessageTypeRegistry,
  projectDir: string,
  autoload: Autoload | undefined,
  routing: Tables['routing'],
  problems: ConfigProblem[],
): Promise<void> {
  const resolved = await resolveRoutingKeys(config.routing, registry, projectDir, autoload ?? DEFAULT_AUTOLOAD);
  problems.push(...resolved.problems);
  for (const [key, names] of resolved.routing) routing.set(key, names);
}

/** Throws every configuration problem at once, after closing the transports already opened. */
async function refuseProblems(problems: ConfigProblem[], transports: ReadonlyMap<string, Transport>): Promise<void> {
  if (problems.length === 0) return;
  await Promise.all([...transports.values()].map((t) => t.close?.()));
  throw new InvalidConfigurationException(problems);
}

function wireListeners(subscribers: readonly EventSubscriber[] = []): EventDispatcher {
  const eventDispatcher = new EventDispatcher();
  for (const subscriber of subscribers) eventDispatcher.addSubscriber(subscriber);
  return eventDispatcher;
}
