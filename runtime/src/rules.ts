/**
 * `@messenger-ts/runtime/rules`: the rules of Messenger written once, generic over what they work
 * on (classes at run time, declarations in the static analysis), for @messenger-ts/server and
 * tools. The runtime builds on the same functions, so the editor tells what the runtime does.
 * Not the application's API: that is `@messenger-ts/runtime`.
 */

// Handlers: registration, lookup, and how `messenger debug` shows them.
export {
  checkHandlerDeclaration,
  type HandlerDeclaration,
  handlerName,
  type HandlerProblem,
  type HandlerReader,
  type HandlerTable,
  notAHandlerMessage,
  registerHandlerDeclarations,
} from './handler/handlerRegistration.js';
export { findHandlers, type LocatableHandler } from './handler/findHandlers.js';
export { displayedHandlerName, displayedHandlerOptions, type HandlerMapping } from './app/HandlerMapping.js';

export { unknownBusMessage } from './bus/unknownBus.js';

// Messages: their names, and the namespace ↔ module mapping of routing keys.
export {
  type MessageClassNames,
  MessageNameRegistry,
  messageTypeName,
  type NameClash,
  nameClashMessage,
} from './message/MessageNameRegistry.js';
export {
  type Autoload,
  DEFAULT_AUTOLOAD,
  isNamespacedName,
  isNamespaceWildcard,
  MODULE_EXTENSIONS,
  moduleToNamespacedName,
  namespacedNameToModule,
  namespaceWildcardProblem,
  shortClassName,
} from './message/namespaces.js';

// Routing: a message's types, its transports, and what routing keys name.
export { listTypes, type TypeLineage, WILDCARD } from './routing/listTypes.js';
export { resolveRoutes, type Route, type RouteSource, type RoutingSources } from './routing/resolveRoutes.js';
export {
  type RoutingKeyContext,
  type RoutingKeyResolution,
  resolveRoutingKey,
  routingKeyModule,
  unknownRoutingKeyMessage,
} from './routing/routingKeys.js';

// Configuration: the reader, its keys and problems.
export {
  type ConfigReadResult,
  type ReadConfigOptions,
  readMessengerConfig,
} from './config/readMessengerConfig.js';
export {
  type BusConfig,
  DEFAULT_BUS,
  isJsonSerializerId,
  type MessengerConfig,
  type MiddlewareConfig,
  NATIVE_PHP_SERIALIZER,
  type RoutingRuleConfig,
  SYMFONY_SERIALIZER,
  type TransportConfig,
} from './config/MessengerConfig.js';
export type { SourceLocation } from './config/SourceLocation.js';
// messenger.yaml as located values, for the editor's outline, completion and rename.
export { parseLocatedYaml } from './config/parseLocatedYaml.js';
export type { LocatedEntry, LocatedList, LocatedMap, LocatedScalar, LocatedValue } from './config/locatedTree.js';
export {
  CONFIG_PROBLEM_SEVERITIES,
  type ConfigProblem,
  type ConfigProblemCode,
} from './errors/InvalidConfigurationException.js';
export * as configKeys from './config/configKeys.js';
export { builtinMiddlewareId, isBuiltinMiddleware } from './config/configKeys.js';
export { envVariablesIn } from './config/envPlaceholders.js';
export { closestName, didYouMean } from './config/didYouMean.js';

// Transports and the serializer.
export { applicationTransportFactories } from './app/transportFactories.js';
export { defaultTransportFactories, TransportFactoryRegistry } from './transport/TransportFactoryRegistry.js';
export type { TransportFactory } from './transport/TransportFactory.js';
export { Dsn } from './transport/Dsn.js';
export * as serializationRules from './transport/serialization/serializationRules.js';
