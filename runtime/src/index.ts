// Public API of @messenger-ts/runtime. Importing it first installs the decorator metadata polyfill.
import './support/metadata.js';
import './stamp/builtinStamps.js';

export { Envelope } from './Envelope.js';

export { Stamp, NonSendableStamp, type StampClass } from './stamp/Stamp.js';
export { AsStamp, registerStamp, stampName, stampClassNamed } from './stamp/stampRegistry.js';
export { BusNameStamp } from './stamp/BusNameStamp.js';
export { ConsumedByWorkerStamp } from './stamp/ConsumedByWorkerStamp.js';
export { DelayStamp } from './stamp/DelayStamp.js';
export { DispatchAfterCurrentBusStamp } from './stamp/DispatchAfterCurrentBusStamp.js';
export { ErrorDetailsStamp, type FlattenException } from './stamp/ErrorDetailsStamp.js';
export { HandledStamp } from './stamp/HandledStamp.js';
export { ReceivedStamp } from './stamp/ReceivedStamp.js';
export { AvailableAtStamp } from './stamp/AvailableAtStamp.js';
export { RedeliveryStamp } from './stamp/RedeliveryStamp.js';
export { SentStamp } from './stamp/SentStamp.js';
export { SentToFailureTransportStamp } from './stamp/SentToFailureTransportStamp.js';
export { SentForRetryStamp } from './stamp/SentForRetryStamp.js';
export { SerializedMessageStamp } from './stamp/SerializedMessageStamp.js';
export { SerializerStamp } from './stamp/SerializerStamp.js';
export { TransportMessageIdStamp } from './stamp/TransportMessageIdStamp.js';
export { TransportNamesStamp } from './stamp/TransportNamesStamp.js';
export { ValidationStamp } from './stamp/ValidationStamp.js';
export { AckStamp } from './stamp/AckStamp.js';
export { NoAutoAckStamp } from './stamp/NoAutoAckStamp.js';
export { FlushBatchHandlersStamp } from './stamp/FlushBatchHandlersStamp.js';
export { MessageDecodingFailedStamp } from './stamp/MessageDecodingFailedStamp.js';

export {
  MessengerException,
  LogicException,
  RuntimeException,
  InvalidArgumentException,
} from './errors/MessengerException.js';
export { DelayedMessageHandlingException } from './errors/DelayedMessageHandlingException.js';
export { HandlerFailedException } from './errors/HandlerFailedException.js';
export {
  InvalidConfigurationException,
  formatConfigProblem,
  type ConfigProblem,
} from './errors/InvalidConfigurationException.js';
export { InvalidDsnException } from './errors/InvalidDsnException.js';
export { InvalidTransportOptionException } from './errors/InvalidTransportOptionException.js';
export { MessageDecodingFailedException } from './errors/MessageDecodingFailedException.js';
export { NoHandlerForMessageException } from './errors/NoHandlerForMessageException.js';
export { RecoverableMessageHandlingException } from './errors/RecoverableMessageHandlingException.js';
export { StopWorkerException } from './errors/StopWorkerException.js';
export { TransportException } from './errors/TransportException.js';
export { UnrecoverableMessageHandlingException } from './errors/UnrecoverableMessageHandlingException.js';
export { ValidationFailedException, type ConstraintViolation } from './errors/ValidationFailedException.js';

export { MessageBus, type MessageBusInterface } from './bus/MessageBus.js';
export { RoutableMessageBus } from './bus/RoutableMessageBus.js';
export { handle } from './bus/handle.js';

export { middleware, type Middleware, type Stack } from './middleware/Middleware.js';
export { StackMiddleware } from './middleware/StackMiddleware.js';
export { AddBusNameStampMiddleware } from './middleware/AddBusNameStampMiddleware.js';
export { DispatchAfterCurrentBusMiddleware } from './middleware/DispatchAfterCurrentBusMiddleware.js';
export { FailedMessageProcessingMiddleware } from './middleware/FailedMessageProcessingMiddleware.js';
export { HandleMessageMiddleware } from './middleware/HandleMessageMiddleware.js';
export { SendMessageMiddleware } from './middleware/SendMessageMiddleware.js';
export { ValidationMiddleware, type Validator } from './middleware/ValidationMiddleware.js';

export { AsMessageHandler, type AsMessageHandlerOptions, type HandlerDecorator } from './handler/AsMessageHandler.js';
export { HandlerDescriptor } from './handler/HandlerDescriptor.js';
export { HandlersLocator } from './handler/HandlersLocator.js';
export { Acknowledger } from './handler/Acknowledger.js';
export { BatchHandler, type BatchJob } from './handler/BatchHandler.js';

export { AsMessage, type AsMessageOptions } from './message/AsMessage.js';
export type { MessageClass } from './message/MessageClass.js';
export { MessageTypeRegistry } from './message/MessageTypeRegistry.js';

export { SendersLocator } from './routing/SendersLocator.js';

export type {
  Transport,
  Sender,
  Receiver,
  ListableReceiver,
  MessageCountAware,
  SetupableTransport,
  QueueReceiver,
  KeepaliveReceiver,
  WakingReceiver,
  MonitorableTransport,
  QueueSnapshot,
  ReceiveOptions,
  TransportCapabilities,
} from './transport/Transport.js';
export {
  capabilitiesOf,
  isListableReceiver,
  isMessageCountAware,
  isSetupableTransport,
  isQueueReceiver,
  isKeepaliveReceiver,
  isWakingReceiver,
  isMonitorableTransport,
} from './transport/Transport.js';
export { sendMany, ackMany, rejectMany } from './transport/batch.js';
export type {
  TransportFactory,
  TransportContext,
  TransportOptionSpec,
  TransportOptionsSpec,
} from './transport/TransportFactory.js';
export { TransportFactoryRegistry } from './transport/TransportFactoryRegistry.js';
export { Dsn, maskDsn } from './transport/Dsn.js';
export { SyncTransport } from './transport/sync/SyncTransport.js';
export { InMemoryTransport } from './transport/in-memory/InMemoryTransport.js';
export { InMemoryTransportFactory } from './transport/in-memory/InMemoryTransportFactory.js';
export type { Serializer, EncodedEnvelope } from './transport/serialization/Serializer.js';
export { UndecodableMessage } from './transport/serialization/UndecodableMessage.js';
export { SingleMessageReceiver } from './transport/receiver/SingleMessageReceiver.js';
export { DoctrineTransport } from './transport/doctrine/DoctrineTransport.js';
export { DoctrineTransportFactory } from './transport/doctrine/DoctrineTransportFactory.js';
export { Connection as DoctrineConnection, type DoctrineConfiguration } from './transport/doctrine/Connection.js';
export { DoctrineReceivedStamp } from './transport/doctrine/DoctrineReceivedStamp.js';
export { DEFAULT_SQLITE_FILE } from './transport/doctrine/databaseTarget.js';
export { AmqpTransport } from './transport/amqp/AmqpTransport.js';
export { AmqpTransportFactory } from './transport/amqp/AmqpTransportFactory.js';
export { AmqpStamp, type AmqpAttributes } from './transport/amqp/AmqpStamp.js';
export { AmqpReceivedStamp } from './transport/amqp/AmqpReceivedStamp.js';
export { AMQP_FLAGS } from './transport/amqp/AmqpOptions.js';
export { BeanstalkdTransport } from './transport/beanstalkd/BeanstalkdTransport.js';
export { BeanstalkdTransportFactory } from './transport/beanstalkd/BeanstalkdTransportFactory.js';
export { BeanstalkdPriorityStamp } from './transport/beanstalkd/BeanstalkdPriorityStamp.js';
export { BeanstalkdReceivedStamp } from './transport/beanstalkd/BeanstalkdReceivedStamp.js';

export { Worker, type WorkerOptions, type WorkerRunOptions } from './worker/Worker.js';
export { createWorker, type CreateWorkerOptions } from './worker/createWorker.js';
export { type Clock, SystemClock, MockClock } from './worker/Clock.js';
export { restartSignalFile, requestWorkerRestart } from './worker/restartSignal.js';
export {
  EventDispatcher,
  listen,
  type EventClass,
  type EventSubscriber,
  type Listener,
  type Subscription,
} from './event/EventDispatcher.js';
export {
  AbstractWorkerMessageEvent,
  WorkerMessageFailedEvent,
  WorkerMessageHandledEvent,
  WorkerMessageReceivedEvent,
  WorkerMessageRetriedEvent,
  WorkerRunningEvent,
  WorkerStartedEvent,
  WorkerStoppedEvent,
  type WorkerInterface,
  type WorkerMetadata,
} from './event/workerEvents.js';
export { AddErrorDetailsStampListener } from './listener/AddErrorDetailsStampListener.js';
export { ResetServicesListener, type Resettable } from './listener/ResetServicesListener.js';
export { SendFailedMessageForRetryListener } from './listener/SendFailedMessageForRetryListener.js';
export { SendFailedMessageToFailureTransportListener } from './listener/SendFailedMessageToFailureTransportListener.js';
export { StopWorkerOnCustomStopExceptionListener } from './listener/StopWorkerOnCustomStopExceptionListener.js';
export { StopWorkerOnFailureLimitListener } from './listener/StopWorkerOnFailureLimitListener.js';
export { StopWorkerOnMemoryLimitListener, parseMemoryLimit } from './listener/StopWorkerOnMemoryLimitListener.js';
export { StopWorkerOnMessageLimitListener } from './listener/StopWorkerOnMessageLimitListener.js';
export { StopWorkerOnRestartSignalListener } from './listener/StopWorkerOnRestartSignalListener.js';
export { StopWorkerOnTimeLimitListener } from './listener/StopWorkerOnTimeLimitListener.js';
export { type RetryStrategy, isRetryStrategy } from './retry/RetryStrategy.js';
export { MultiplierRetryStrategy, type MultiplierRetryStrategyOptions } from './retry/MultiplierRetryStrategy.js';
export { type Logger, type LogLevel, type LogContext, interpolate } from './log/Logger.js';

export {
  FailedMessages,
  type FailedMessage,
  type FailedMessageDetails,
  type FailedMessageStats,
  type FailedMessageTarget,
  type FailedMessagesOptions,
  type MessageId,
  type RetryResult,
  type RemoveResult,
} from './failed/FailedMessages.js';

// The JSON the CLI prints with --format json, for scripts that read it (also in `/contract`).
export * from './cli/json/schema.js';

export { createMessenger, type MessengerOptions, type HandlerFactoryContext } from './app/createMessenger.js';
export { Messenger } from './app/Messenger.js';
export type { HandlerMapping } from './app/HandlerMapping.js';

export {
  loadMessengerConfig,
  readMessengerConfig,
  type ReadConfigOptions,
  type ConfigReadResult,
} from './config/readMessengerConfig.js';
export {
  DEFAULT_BUS,
  DEFAULT_RETRY_STRATEGY,
  type MessengerConfig,
  type TransportConfig,
  type RoutingRuleConfig,
  type BusConfig,
  type MiddlewareConfig,
  type RetryStrategyConfig,
  type SerializerConfig,
} from './config/MessengerConfig.js';
export type { SourceLocation } from './config/SourceLocation.js';
export { DEFAULT_CONFIG_FILE } from './layout/projectLayout.js';
export type { ConfigProblemCode } from './errors/InvalidConfigurationException.js';
export { JsonSerializer } from './transport/serialization/JsonSerializer.js';

// For tools, not applications: `@messenger-ts/runtime/contract` (the CLI's JSON, DSN masking),
// `@messenger-ts/runtime/rules` (the rules the static analysis shares) and
// `@messenger-ts/runtime/layout` (where a project keeps its files).
