import { builtinMiddlewareId } from '../config/configKeys.js';
import type { BusConfig, MiddlewareConfig } from '../config/MessengerConfig.js';
import type { ConfigProblem } from '../errors/InvalidConfigurationException.js';
import type { HandlersLocator } from '../handler/HandlersLocator.js';
import { AddBusNameStampMiddleware } from '../middleware/AddBusNameStampMiddleware.js';
import type { DispatchAfterCurrentBusMiddleware } from '../middleware/DispatchAfterCurrentBusMiddleware.js';
import type { FailedMessageProcessingMiddleware } from '../middleware/FailedMessageProcessingMiddleware.js';
import { HandleMessageMiddleware } from '../middleware/HandleMessageMiddleware.js';
import type { Middleware } from '../middleware/Middleware.js';
import type { SendMessageMiddleware } from '../middleware/SendMessageMiddleware.js';
import { ValidationMiddleware, type Validator } from '../middleware/ValidationMiddleware.js';

/** A user middleware given to createMessenger: an instance, or a factory taking the YAML arguments. */
export type MiddlewareService = Middleware | ((...args: unknown[]) => Middleware);

/** Middleware instances shared by every bus (one per app, as Symfony's services are). */
export interface SharedMiddleware {
  readonly dispatchAfterCurrentBus: DispatchAfterCurrentBusMiddleware;
  readonly failedMessageProcessing: FailedMessageProcessingMiddleware;
  readonly sendMessage: SendMessageMiddleware;
}

export interface MiddlewareEnvironment {
  readonly shared: SharedMiddleware;
  readonly handlersLocator: HandlersLocator;
  readonly services: Readonly<Record<string, MiddlewareService>>;
  readonly validator: Validator | undefined;
}

/**
 * The middleware of one bus, in Symfony's order: add_bus_name_stamp_middleware,
 * dispatch_after_current_bus, failed_message_processing_middleware, the bus's own middleware,
 * send_message, handle_message. With `default_middleware: false`, only the bus's own list.
 */
export function buildMiddleware(bus: BusConfig, env: MiddlewareEnvironment, problems: ConfigProblem[]): Middleware[] {
  const own = bus.middleware.flatMap((config) => {
    const built = resolveMiddleware(bus, config, env, problems);
    return built === undefined ? [] : [built];
  });
  if (bus.defaultMiddleware === false) return own;
  return [
    new AddBusNameStampMiddleware(bus.name),
    env.shared.dispatchAfterCurrentBus,
    env.shared.failedMessageProcessing,
    ...own,
    env.shared.sendMessage,
    new HandleMessageMiddleware(env.handlersLocator, bus.defaultMiddleware === 'allow_no_handlers'),
  ];
}

function resolveMiddleware(
  bus: BusConfig,
  config: MiddlewareConfig,
  env: MiddlewareEnvironment,
  problems: ConfigProblem[],
): Middleware | undefined {
  const id = builtinMiddlewareId(config.id);
  const args = config.arguments;
  const problem = (message: string): undefined => {
    problems.push({
      code: 'unknown-service',
      severity: 'error',
      path: `framework.messenger.buses.${bus.name}.middleware`,
      location: config.location,
      message,
    });
    return undefined;
  };
  const service = env.services[config.id] ?? env.services[id];
  if (service !== undefined) {
    const built = typeof service === 'function' ? service(...args) : service;
    if (typeof built?.handle !== 'function')
      return problem(`Middleware "${config.id}" of bus "${bus.name}" has no handle(envelope, stack) method.`);
    return built;
  }
  switch (id) {
    case 'add_bus_name_stamp_middleware':
      return new AddBusNameStampMiddleware(typeof args[0] === 'string' ? args[0] : bus.name);
    case 'dispatch_after_current_bus':
      return env.shared.dispatchAfterCurrentBus;
    case 'failed_message_processing_middleware':
      return env.shared.failedMessageProcessing;
    case 'send_message':
      return env.shared.sendMessage;
    case 'handle_message':
      return new HandleMessageMiddleware(env.handlersLocator, args[0] === true);
    case 'validation':
      if (env.validator === undefined)
        return problem(
          `Bus "${bus.name}" uses the "validation" middleware but no validator was given: pass createMessenger({ validator }).`,
        );
      return new ValidationMiddleware(env.validator);
  }
  const hint = id.startsWith('doctrine_')
    ? ` Doctrine has no Node equivalent: provide your own middleware under this name, e.g. one that wraps the handlers in a database transaction.`
    : '';
  return problem(
    `Middleware "${config.id}" of bus "${bus.name}" is not available.${hint} Register it with createMessenger({ middleware: { '${config.id}': … } }).`,
  );
}
