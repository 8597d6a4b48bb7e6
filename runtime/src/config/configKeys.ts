/**
 * The keys messenger.yaml accepts, by section. The config reader validates against them and
 * the editor tooling (JSON schema, completion) is generated from them: one list, not three.
 */
export const ROOT_KEYS = ['framework', 'parameters', 'services', 'imports'] as const;
export const MESSENGER_KEYS = [
  'enabled',
  'routing',
  'serializer',
  'transports',
  'failure_transport',
  'reset_on_message',
  'stop_worker_on_signals',
  'default_bus',
  'buses',
] as const;
export const TRANSPORT_KEYS = [
  'dsn',
  'serializer',
  'options',
  'failure_transport',
  'retry_strategy',
  'rate_limiter',
] as const;
export const RETRY_STRATEGY_KEYS = ['service', 'max_retries', 'delay', 'multiplier', 'max_delay', 'jitter'] as const;
export const BUS_KEYS = ['default_middleware', 'middleware'] as const;
export const DEFAULT_MIDDLEWARE_KEYS = ['enabled', 'allow_no_handlers', 'allow_no_senders'] as const;
export const SERIALIZER_KEYS = ['default_serializer', 'symfony_serializer'] as const;
export const SYMFONY_SERIALIZER_KEYS = ['format', 'context'] as const;
export const ROUTING_KEYS = ['senders'] as const;

/** Middleware the runtime provides by name (with or without the `messenger.middleware.` prefix). */
export const BUILTIN_MIDDLEWARE = [
  'add_bus_name_stamp_middleware',
  'dispatch_after_current_bus',
  'failed_message_processing_middleware',
  'send_message',
  'handle_message',
  'validation',
] as const;

/** A middleware id without Symfony's `messenger.middleware.` service prefix (`messenger.middleware.validation` → `validation`). */
export function builtinMiddlewareId(id: string): string {
  return id.replace(/^messenger\.middleware\./, '');
}

export function isBuiltinMiddleware(id: string): boolean {
  return (BUILTIN_MIDDLEWARE as readonly string[]).includes(builtinMiddlewareId(id));
}
