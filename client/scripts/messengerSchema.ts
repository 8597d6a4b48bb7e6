/**
 * The JSON schema of messenger.yaml, built from the runtime's own data: the accepted keys of
 * each section (`configKeys`) and each transport factory's option specs. Only structure and
 * words live here (which keys hold maps, what a key means); if the runtime drops a key this
 * file describes, building the schema fails, so the two cannot drift apart.
 *
 * Scalars get no type: Symfony configs write numbers and booleans as `%env(int:…)%` strings,
 * and the runtime checks values itself (the language server reports them).
 */
import { resolve } from 'node:path';
import { configKeys, defaultTransportFactories, type TransportFactory } from '@messenger-ts/runtime/rules';

/** The committed schema, contributed through `yamlValidation` in package.json. */
export const SCHEMA_FILE = resolve(__filename, '..', '..', 'schemas', 'messenger.schema.json');

type Schema = Record<string, unknown>;

/** The runtime refuses namespace wildcards (isNamespaceWildcard); said in `routing`'s description and as the error on such a key. */
const NAMESPACE_WILDCARD_REFUSED =
  'Namespace wildcards (`App\\Message\\*`) are refused: a class does not know its namespace at run time; route a common (abstract) parent class instead, or list the classes one by one.';

/**
 * Routing keys the runtime accepts: anything but a namespace wildcard (a name ending in `\*`,
 * as isNamespaceWildcard has it; `*` alone is the fallback). The YAML extension shows
 * `patternErrorMessage` instead of a bare "does not match the pattern".
 */
export const ROUTING_KEY_PATTERN = '^(?!.*\\\\\\*$)';

const DESCRIPTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  root: {
    framework: 'Framework configuration; messenger-ts reads `framework.messenger`.',
    parameters: 'Parameters usable as `%name%` placeholders.',
    services: 'Service definitions (ignored by messenger-ts; allowed so Symfony configs load unchanged).',
    imports: 'Other config files to import (ignored by messenger-ts).',
  },
  messenger: {
    enabled: 'Whether Messenger is enabled.',
    routing: `Which transports each message class is sent to: a class name, a namespaced name (\`App\\Message\\SmsNotification\`) or \`*\` for every message no other rule routes. A rule also applies to subclasses. ${NAMESPACE_WILDCARD_REFUSED} Unrouted messages are handled synchronously.`,
    serializer: 'The default serializer of the transports.',
    transports:
      'Transports by name: a DSN string, or a map with `dsn`, `options`, `retry_strategy`, `failure_transport`…',
    failure_transport: 'The transport messages go to after their last retry failed (see the Failed Messages view).',
    reset_on_message:
      'Has no effect (accepted with a warning, as in Symfony 6): services are always reset between messages, unless `messenger consume --no-reset`.',
    stop_worker_on_signals:
      'The signals (names such as `SIGTERM`, or numbers) that make a worker stop after its current message. Default: SIGTERM and SIGINT.',
    default_bus: 'The bus injected when no bus is named.',
    buses: 'Message buses by name, each with its middleware.',
  },
  transport: {
    dsn: 'Where the messages go: `scheme://…`, usually `%env(MESSENGER_TRANSPORT_DSN)%`.',
    serializer: 'The serializer service of this transport.',
    options: 'Transport-specific options (they may also be passed in the DSN query string).',
    failure_transport: 'The failure transport of this transport (overrides the global one).',
    retry_strategy: 'How failed messages are retried.',
    rate_limiter: 'The rate limiter service that throttles consumption.',
  },
  retry: {
    service: 'A custom retry strategy service (the other keys are then ignored).',
    max_retries: 'Retries before the message goes to the failure transport (default 3).',
    delay: 'Milliseconds before the first retry (default 1000).',
    multiplier: 'Each retry waits `delay * multiplier^retries` (default 2).',
    max_delay: 'The longest wait in milliseconds; 0 for no maximum.',
    jitter: 'Randomness added to each delay, between 0 and 1 (default 0.1).',
  },
  bus: {
    default_middleware: 'true, false, or `allow_no_handlers`: the default middleware stack around yours.',
    middleware: 'Middleware service ids (or built-in names such as `validation`) in order.',
  },
  defaultMiddleware: {
    enabled: 'Whether the default middleware is added.',
    allow_no_handlers: 'Allow messages without a handler.',
    allow_no_senders: 'Allow messages without a sender.',
  },
  serializer: {
    default_serializer: 'The serializer service used when a transport names none.',
    symfony_serializer: 'Options of the built-in serializer.',
  },
  symfonySerializer: {
    format: 'The wire format (only `json` is supported).',
    context: 'Serializer context.',
  },
  routing: {
    senders: 'The transports this message class is sent to.',
  },
};

function section(
  name: keyof typeof DESCRIPTIONS,
  keys: readonly string[],
  shapes: Readonly<Record<string, Schema>> = {},
): Schema {
  const descriptions = DESCRIPTIONS[name]!;
  for (const described of [...Object.keys(descriptions), ...Object.keys(shapes)]) {
    if (!keys.includes(described))
      throw new Error(
        `messengerSchema.ts describes "${described}" in ${name}, but the runtime no longer accepts it (configKeys).`,
      );
  }
  const properties: Record<string, Schema> = {};
  for (const key of keys)
    properties[key] = { ...(shapes[key] ?? {}), ...(descriptions[key] ? { description: descriptions[key] } : {}) };
  return { type: 'object', properties, additionalProperties: false };
}

const transportNames = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

function transportOptions(factories: readonly TransportFactory[]): Schema {
  const properties: Record<string, Schema> = {};
  for (const factory of factories) {
    for (const [option, spec] of Object.entries(factory.options)) {
      const described = `${spec.description} (${factory.label}${spec.default === undefined ? '' : `, default ${JSON.stringify(spec.default)}`})`;
      const existing = properties[option];
      properties[option] = { description: existing ? `${existing['description'] as string}\n${described}` : described };
    }
  }
  return { type: ['object', 'null'], properties };
}

/** Per scheme: the options that transport accepts, when its DSN is written out (not a placeholder). */
function optionsByScheme(factories: readonly TransportFactory[]): Schema[] {
  return factories
    .filter((factory) => !factory.ignoresUnknownOptions)
    .map((factory) => ({
      if: { properties: { dsn: { type: 'string', pattern: `^(${factory.schemes.join('|')})://` } }, required: ['dsn'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
      then: {
        properties: { options: { type: ['object', 'null'], propertyNames: { enum: Object.keys(factory.options) } } },
      },
    }));
}

export function buildMessengerSchema(): Schema {
  const factories = defaultTransportFactories();
  const schemes = factories.flatMap((f) => f.schemes);
  const retry = section('retry', configKeys.RETRY_STRATEGY_KEYS);
  const transportMap = section('transport', configKeys.TRANSPORT_KEYS, {
    dsn: { type: 'string', examples: schemes.map((s) => `${s}://`) },
    options: transportOptions(factories),
    retry_strategy: { $ref: '#/definitions/retryStrategy' },
  });
  const messenger = section('messenger', configKeys.MESSENGER_KEYS, {
    routing: {
      type: ['object', 'null'],
      propertyNames: { pattern: ROUTING_KEY_PATTERN, patternErrorMessage: NAMESPACE_WILDCARD_REFUSED },
      additionalProperties: { anyOf: [transportNames, { $ref: '#/definitions/routingRule' }] },
    },
    // Accepted (Symfony configs carry it) but without effect: completion should not offer it.
    reset_on_message: { doNotSuggest: true },
    serializer: { $ref: '#/definitions/serializer' },
    transports: { type: ['object', 'null'], additionalProperties: { $ref: '#/definitions/transport' } },
    failure_transport: { type: 'string' },
    default_bus: { type: 'string' },
    buses: { type: ['object', 'null'], additionalProperties: { $ref: '#/definitions/bus' } },
  });
  const framework = { type: 'object', properties: { messenger: { $ref: '#/definitions/messenger' } } };
  const root = section('root', configKeys.ROOT_KEYS, {
    framework,
    parameters: { type: ['object', 'null'] },
    services: { type: ['object', 'null'] },
    imports: { type: ['array', 'null'] },
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'messenger.yaml (messenger-ts)',
    description: 'Generated from @messenger-ts/runtime by client/scripts/generateSchema.ts; do not edit.',
    ...root,
    patternProperties: {
      '^when@[A-Za-z0-9_-]+$': {
        type: 'object',
        description: 'Configuration for one environment only.',
        properties: { framework },
      },
    },
    definitions: {
      messenger,
      transport: {
        anyOf: [
          { type: 'string', description: DESCRIPTIONS['transport']!['dsn'], examples: schemes.map((s) => `${s}://`) },
          { ...transportMap, required: ['dsn'], allOf: optionsByScheme(factories) },
        ],
      },
      retryStrategy: retry,
      routingRule: section('routing', configKeys.ROUTING_KEYS, { senders: transportNames }),
      bus: section('bus', configKeys.BUS_KEYS, {
        default_middleware: {
          anyOf: [
            { type: 'boolean' },
            { enum: ['allow_no_handlers'] },
            section('defaultMiddleware', configKeys.DEFAULT_MIDDLEWARE_KEYS),
          ],
        },
        middleware: {
          type: ['array', 'null'],
          items: { anyOf: [{ type: 'string', examples: [...configKeys.BUILTIN_MIDDLEWARE] }, { type: 'object' }] },
        },
      }),
      serializer: section('serializer', configKeys.SERIALIZER_KEYS, {
        symfony_serializer: section('symfonySerializer', configKeys.SYMFONY_SERIALIZER_KEYS, {
          context: { type: ['object', 'null'] },
        }),
      }),
    },
  };
}

export function messengerSchemaJson(): string {
  return `${JSON.stringify(buildMessengerSchema(), null, 2)}\n`;
}
