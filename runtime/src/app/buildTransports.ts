import type { RoutableMessageBus } from '../bus/RoutableMessageBus.js';
import { isJsonSerializerId, type MessengerConfig, type TransportConfig } from '../config/MessengerConfig.js';
import type { ConfigProblem } from '../errors/InvalidConfigurationException.js';
import { InvalidTransportOptionException } from '../errors/InvalidTransportOptionException.js';
import { InvalidArgumentException } from '../errors/MessengerException.js';
import type { Logger } from '../log/Logger.js';
import type { MessageTypeRegistry } from '../message/MessageTypeRegistry.js';
import { Dsn } from '../transport/Dsn.js';
import { JsonSerializer } from '../transport/serialization/JsonSerializer.js';
import type { Serializer } from '../transport/serialization/Serializer.js';
import type { Transport } from '../transport/Transport.js';
import type { TransportFactoryRegistry } from '../transport/TransportFactoryRegistry.js';
import { UnavailableTransport } from './UnavailableTransport.js';

export interface TransportsEnvironment {
  readonly config: MessengerConfig;
  readonly factories: TransportFactoryRegistry;
  readonly services: Readonly<Record<string, unknown>>;
  readonly registry: MessageTypeRegistry;
  readonly projectDir: string;
  readonly bus: RoutableMessageBus;
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
}

/** Creates each configured transport with its serializer, into the maps given (the senders locator already holds `transports`). */
export async function buildTransports(
  transports: Map<string, Transport>,
  serializers: Map<string, Serializer>,
  env: TransportsEnvironment,
  problems: ConfigProblem[],
): Promise<void> {
  const { config, factories, services, projectDir, bus } = env;
  const environment = { ...config.dotenvVariables, ...definedVariables(env.processEnv) };
  const defaultSerializer = new JsonSerializer(env.registry);
  for (const transport of config.transports.values()) {
    const serializerId = transport.serializer ?? config.serializer.defaultSerializer;
    const serializer = resolveSerializer(serializerId, services, defaultSerializer);
    if (serializer === undefined) {
      problems.push({
        code: 'unknown-service',
        severity: 'error',
        path: `framework.messenger.transports.${transport.name}.serializer`,
        location: transport.location,
        message: `Serializer "${serializerId}" of transport "${transport.name}" is not available: pass an object with encode() and decode() in createMessenger({ services: { '${serializerId}': … } }).`,
      });
      continue;
    }
    serializers.set(transport.name, serializer);
    const dsn = Dsn.parse(transport.dsn);
    const context = { name: transport.name, serializer, projectDir, bus, environment, logger: env.logger };
    if (factories.factoryFor(dsn) === undefined) {
      transports.set(
        transport.name,
        new UnavailableTransport(`Transport "${transport.name}": ${factories.explainUnsupported(transport.dsn)}.`),
      );
      continue;
    }
    try {
      transports.set(transport.name, await factories.createTransport(dsn, transport.options, context));
    } catch (error) {
      // A factory refusing its DSN or options is a config problem: report it at the key, with the others.
      if (!(error instanceof InvalidArgumentException)) throw error;
      problems.push(creationProblem(transport, error));
    }
  }
}

function creationProblem(transport: TransportConfig, error: InvalidArgumentException): ConfigProblem {
  const path = `framework.messenger.transports.${transport.name}`;
  const message = `Transport "${transport.name}": ${error.message}`;
  if (error instanceof InvalidTransportOptionException) {
    const location = transport.optionLocations?.[error.option];
    return {
      code: 'invalid-transport-option',
      severity: 'error',
      path: `${path}.options.${error.option}`,
      location: location ?? transport.dsnLocation,
      message,
    };
  }
  return { code: 'invalid-dsn', severity: 'error', path: `${path}.dsn`, location: transport.dsnLocation, message };
}

function resolveSerializer(
  id: string,
  services: Readonly<Record<string, unknown>>,
  json: Serializer,
): Serializer | undefined {
  if (isJsonSerializerId(id)) return json;
  const service = services[id] as Partial<Serializer> | undefined;
  return typeof service?.encode === 'function' && typeof service.decode === 'function'
    ? (service as Serializer)
    : undefined;
}

function definedVariables(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
