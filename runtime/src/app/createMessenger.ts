import { fileURLToPath } from 'node:url';
import { type MessageBusInterface, MessageBus } from '../bus/MessageBus.js';
import { RoutableMessageBus } from '../bus/RoutableMessageBus.js';
import { NATIVE_PHP_SERIALIZER, SYMFONY_SERIALIZER, type MessengerConfig } from '../config/MessengerConfig.js';
import { loadMessengerConfig } from '../config/readMessengerConfig.js';
import { type ConfigProblem, InvalidConfigurationException } from '../errors/InvalidConfigurationException.js';
import { InvalidArgumentException } from '../errors/MessengerException.js';
import type { HandlerDescriptor } from '../handler/HandlerDescriptor.js';
import { HandlersLocator } from '../handler/HandlersLocator.js';
import type { MessageClass } from '../message/MessageClass.js';
import { MessageTypeRegistry } from '../message/MessageTypeRegistry.js';
import { type Autoload, DEFAULT_AUTOLOAD } from '../message/namespaces.js';
import { DispatchAfterCurrentBusMiddleware } from '../middleware/DispatchAfterCurrentBusMiddleware.js';
import { FailedMessageProcessingMiddleware } from '../middleware/FailedMessageProcessingMiddleware.js';
import { SendMessageMiddleware } from '../middleware/SendMessageMiddleware.js';
import type { Validator } from '../middleware/ValidationMiddleware.js';
import { SendersLocator } from '../routing/SendersLocator.js';
import { Dsn } from '../transport/Dsn.js';
import { JsonSerializer } from '../transport/serialization/JsonSerializer.js';
import type { Serializer } from '../transport/serialization/Serializer.js';
import type { Transport } from '../transport/Transport.js';
import type { TransportFactory } from '../transport/TransportFactory.js';
import { defaultTransportFactories, TransportFactoryRegistry } from '../transport/TransportFactoryRegistry.js';
import { buildMiddleware, type MiddlewareService } from './buildMiddleware.js';
import { handlerMapping } from './HandlerMapping.js';
import { Messenger } from './Messenger.js';
import { type HandlerEntry, instantiateHandlers, registerHandlers } from './registerHandlers.js';
import { resolveRoutingKeys } from './resolveRoutingKeys.js';
import { UnavailableTransport } from './UnavailableTransport.js';

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
}

/**
 * Builds an application's messenger from messenger.yaml and its handlers. Throws
 * InvalidConfigurationException (every problem with file:line:column) or LogicException (for
 * handler declarations) instead of starting half-configured.
 */
export async function createMessenger(options: MessengerOptions = {}): Promise<Messenger> {
  const projectDir = options.projectDir instanceof URL ? fileURLToPath(options.projectDir) : options.projectDir ?? process.cwd();
  const factories = new TransportFactoryRegistry([...defaultTransportFactories(), ...(options.transportFactories ?? [])]);
  const config = loadMessengerConfig({ projectDir, file: options.configFile, env: options.env, processEnv: options.processEnv, transportFactories: factories });
  const problems: ConfigProblem[] = [];
  const registry = new MessageTypeRegistry(options.messages ?? []);
  const services = { ...(options.services ?? {}) };

  // Buses come first (handler factories may ask for them); their locators are filled once handlers exist.
  const handlerMaps = new Map([...config.buses.keys()].map((bus) => [bus, new Map<MessageClass | '*', HandlerDescriptor[]>()]));
  const routing = new Map<MessageClass | '*', string[]>();
  const transports = new Map<string, Transport>();
  const sendersLocator = new SendersLocator(routing, transports);
  const shared = {
    dispatchAfterCurrentBus: new DispatchAfterCurrentBusMiddleware(),
    failedMessageProcessing: new FailedMessageProcessingMiddleware(),
    sendMessage: new SendMessageMiddleware(sendersLocator),
  };
  const buses = new Map<string, MessageBusInterface>();
  for (const bus of config.buses.values()) {
    const env = { shared, handlersLocator: new HandlersLocator(handlerMaps.get(bus.name)!), services: options.middleware ?? {}, validator: options.validator };
    buses.set(bus.name, new MessageBus(buildMiddleware(bus, env, problems)));
  }
  const routableBus = new RoutableMessageBus(buses, buses.get(config.defaultBus));

  const context: HandlerFactoryContext = {
    getBus: (name = config.defaultBus) => buses.get(name) ?? missingBus(name, buses),
    getService: <T>(id: string) => services[id] as T | undefined,
    config,
  };
  const byBus = registerHandlers(instantiateHandlers(options.handlers ?? [], context), [...buses.keys()]);
  for (const [bus, byMessage] of byBus) {
    for (const [message, descriptors] of byMessage) {
      handlerMaps.get(bus)!.set(message, descriptors);
      if (message !== '*') registry.register(message);
    }
  }

  const resolved = await resolveRoutingKeys(config.routing, registry, projectDir, options.autoload ?? DEFAULT_AUTOLOAD);
  problems.push(...resolved.problems);
  for (const [key, names] of resolved.routing) routing.set(key, names);

  const defaultSerializer = new JsonSerializer(registry, { context: { ...config.serializer.context } });
  const serializers = new Map<string, Serializer>();
  for (const transport of config.transports.values()) {
    const serializerId = transport.serializer ?? config.serializer.defaultSerializer;
    const serializer = resolveSerializer(serializerId, services, defaultSerializer);
    if (serializer === undefined) {
      problems.push({ code: 'unknown-service', severity: 'error', path: `framework.messenger.transports.${transport.name}.serializer`, location: transport.location, message: `Serializer "${serializerId}" of transport "${transport.name}" is not available: pass an object with encode() and decode() in createMessenger({ services: { '${serializerId}': … } }).` });
      continue;
    }
    serializers.set(transport.name, serializer);
    const dsn = Dsn.parse(transport.dsn);
    const transportContext = { name: transport.name, serializer, projectDir, bus: routableBus };
    transports.set(transport.name, factories.factoryFor(dsn) === undefined
      ? new UnavailableTransport(`Transport "${transport.name}": ${factories.explainUnsupported(transport.dsn)}.`)
      : await factories.createTransport(dsn, transport.options, transportContext));
  }
  if (problems.length > 0) {
    await Promise.all([...transports.values()].map((t) => t.close?.()));
    throw new InvalidConfigurationException(problems);
  }
  return new Messenger({ config, buses, routableBus, transports, serializers, messageTypes: registry, sendersLocator, handlerMapping: handlerMapping(byBus, registry), services });
}

function resolveSerializer(id: string, services: Readonly<Record<string, unknown>>, json: Serializer): Serializer | undefined {
  // PHP's serialize() has no Node counterpart: both of Symfony's ids mean the JSON serializer here.
  if (id === SYMFONY_SERIALIZER || id === NATIVE_PHP_SERIALIZER) return json;
  const service = services[id] as Partial<Serializer> | undefined;
  return typeof service?.encode === 'function' && typeof service.decode === 'function' ? (service as Serializer) : undefined;
}

function missingBus(name: string, buses: ReadonlyMap<string, MessageBusInterface>): never {
  throw new InvalidArgumentException(`Bus "${name}" does not exist. Known buses are "${[...buses.keys()].join('", "')}".`);
}
