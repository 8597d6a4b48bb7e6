import { InvalidTransportOptionException } from '../../errors/InvalidTransportOptionException.js';
import type { TransportOptionsSpec } from '../TransportFactory.js';

/** Symfony's AMQP transport options and defaults (the guide's table; php-amqp's names). */
export const AMQP_OPTIONS = {
  host: { type: 'string', description: 'Hostname of the AMQP service (default: the DSN host, else localhost).' },
  port: { type: 'number', description: 'Port of the AMQP service (default: the DSN port, else 5672; 5671 for amqps).' },
  vhost: { type: 'string', description: 'Virtual host (default: the first part of the DSN path, else "/").' },
  login: { type: 'string', description: 'User name to connect with (default: the DSN user, else guest).' },
  user: { type: 'string', description: 'Same as login.' },
  password: { type: 'string', description: 'Password to connect with (default: the DSN password, else guest).' },
  auto_setup: {
    type: 'boolean',
    default: true,
    description: 'Create the exchanges, queues and bindings automatically on first send or get.',
  },
  exchange: {
    type: 'object',
    description:
      'The exchange: name (default: the second part of the DSN path, else "messages"), type (fanout, direct, topic, headers; default fanout), default_publish_routing_key, flags (default AMQP_DURABLE), arguments.',
  },
  queues: {
    type: 'object',
    description:
      'The queues, keyed by name (default: one queue named like the exchange): binding_keys, binding_arguments, flags (default AMQP_DURABLE), arguments. `queues: {}` declares none.',
  },
  delay: {
    type: 'object',
    description:
      'Delayed and retried messages: exchange_name (default "delays"), queue_name_pattern (default "delay_%exchange_name%_%routing_key%_%delay%"), arguments of the delay queues.',
  },
  confirm_timeout: {
    type: 'number',
    description:
      'Seconds send() waits for the broker to confirm a message (publisher confirms, always on here); empty: no limit.',
  },
  connect_timeout: { type: 'number', description: 'Seconds to wait for the connection; empty: no limit.' },
  read_timeout: {
    type: 'number',
    description: 'Seconds to wait for the broker to answer a command (declare, count); empty: no limit.',
  },
  write_timeout: {
    type: 'number',
    description: 'php-amqp socket option: no effect in Node (accepted for Symfony DSNs).',
  },
  rpc_timeout: { type: 'number', description: 'php-amqp RPC timeout: read_timeout applies to every command here.' },
  heartbeat: {
    type: 'number',
    description: 'Seconds between heartbeats the client asks for; 0: none; empty: what the server proposes.',
  },
  frame_max: { type: 'number', description: 'Largest frame size to negotiate; empty or 0: the client default.' },
  channel_max: { type: 'number', description: 'Highest channel number to negotiate; empty or 0: the client default.' },
  persistent: {
    type: 'boolean',
    default: false,
    description: 'php-amqp persistent connections: no meaning in Node (a worker keeps its connection).',
  },
  connection_name: { type: 'string', description: 'The name RabbitMQ shows for the connection.' },
  prefetch_count: {
    type: 'number',
    default: 10,
    description:
      'Messages RabbitMQ pushes to a worker ahead of handling (basic.qos per consumer). 1 for long handlers shared fairly by several workers.',
  },
  retry: { type: 'number', description: 'Accepted for Symfony DSNs; no effect (the retry_strategy does retries).' },
  sasl_method: { type: 'string', description: 'Accepted for Symfony DSNs; PLAIN is used.' },
  cacert: {
    type: 'string',
    description: 'amqps: path to the CA certificate (PEM) that signed the server certificate.',
  },
  cert: { type: 'string', description: 'amqps: path to the client certificate (PEM).' },
  key: { type: 'string', description: 'amqps: path to the client key (PEM).' },
  verify: {
    type: 'boolean',
    default: true,
    description: 'amqps: check the server certificate and its name.',
  },
} as const satisfies TransportOptionsSpec;

/** php-amqp's flag constants that mean something for a queue, an exchange or a publish. */
export const AMQP_FLAGS = {
  AMQP_NOPARAM: 0,
  AMQP_DURABLE: 2,
  AMQP_PASSIVE: 4,
  AMQP_EXCLUSIVE: 8,
  AMQP_AUTODELETE: 16,
  AMQP_INTERNAL: 32,
  AMQP_MANDATORY: 1024,
  AMQP_IMMEDIATE: 2048,
} as const;

export const EXCHANGE_TYPES = ['fanout', 'direct', 'topic', 'headers'] as const;

export interface AmqpExchangeOptions {
  readonly name: string;
  readonly type: string;
  readonly defaultPublishRoutingKey: string | undefined;
  readonly flags: number;
  readonly arguments: Record<string, unknown>;
}

export interface AmqpQueueOptions {
  readonly name: string;
  /** `[undefined]` when none: the queue is bound once without a key (as Symfony does). */
  readonly bindingKeys: readonly (string | undefined)[];
  readonly bindingArguments: Record<string, unknown>;
  readonly flags: number;
  readonly arguments: Record<string, unknown>;
}

export interface AmqpDelayOptions {
  readonly exchangeName: string;
  readonly queueNamePattern: string;
  readonly arguments: Record<string, unknown>;
}

/** The options, checked and typed. Times in milliseconds; undefined: no limit. */
export interface AmqpConfiguration {
  readonly autoSetup: boolean;
  readonly exchange: AmqpExchangeOptions;
  readonly queues: readonly AmqpQueueOptions[];
  readonly delay: AmqpDelayOptions;
  readonly confirmTimeout: number | undefined;
  readonly connectTimeout: number | undefined;
  readonly readTimeout: number | undefined;
  readonly heartbeat: number | undefined;
  readonly frameMax: number | undefined;
  readonly channelMax: number | undefined;
  readonly connectionName: string | undefined;
  readonly prefetchCount: number;
  readonly cacert: string | undefined;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  readonly verify: boolean;
}

const QUEUE_KEYS = ['binding_keys', 'binding_arguments', 'flags', 'arguments'];
const EXCHANGE_KEYS = ['name', 'type', 'default_publish_routing_key', 'flags', 'arguments'];
const DELAY_KEYS = ['exchange_name', 'queue_name_pattern', 'arguments'];
/** Queue arguments RabbitMQ wants as integers; a DSN gives strings (Symfony converts them too). */
const ARGUMENTS_AS_INTEGER = [
  'x-delay',
  'x-expires',
  'x-max-length',
  'x-max-length-bytes',
  'x-max-priority',
  'x-message-ttl',
];

type Key = keyof typeof AMQP_OPTIONS;

/** Reads the options; `exchangeName` comes from the DSN path when it names one. */
export function amqpConfiguration(
  options: Readonly<Record<string, unknown>>,
  exchangeFromDsn: string | undefined,
): AmqpConfiguration {
  const value = <T>(key: Key): T => (options[key] ?? (AMQP_OPTIONS[key] as { default?: unknown }).default) as T;
  const seconds = (key: Key): number | undefined => {
    const raw = value<unknown>(key);
    if (raw === undefined || raw === null || raw === '') return undefined;
    const n = typeof raw === 'string' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
      throw new InvalidTransportOptionException(
        key,
        `Option "${key}" must be a number of seconds >= 0, got ${JSON.stringify(raw)}.`,
      );
    return n;
  };
  const whole = (key: Key): number | undefined => {
    const n = seconds(key);
    if (n !== undefined && !Number.isInteger(n))
      throw new InvalidTransportOptionException(key, `Option "${key}" must be a whole number >= 0, got ${n}.`);
    return n;
  };
  // A DSN read without the config loader gives strings ("false"), as PHP's filter_var reads them.
  const flag = (key: Key): boolean => !['false', '0', 'no', 'off'].includes(String(value(key)).toLowerCase());
  const exchange = exchangeOptions(value('exchange'), exchangeFromDsn);
  const confirm = seconds('confirm_timeout');
  const connect = seconds('connect_timeout');
  const read = seconds('read_timeout');
  return {
    autoSetup: flag('auto_setup'),
    exchange,
    queues: queueOptions(options['queues'], exchange.name),
    delay: delayOptions(value('delay')),
    confirmTimeout: confirm === undefined || confirm === 0 ? undefined : confirm * 1000,
    connectTimeout: connect === undefined || connect === 0 ? undefined : connect * 1000,
    readTimeout: read === undefined || read === 0 ? undefined : read * 1000,
    heartbeat: whole('heartbeat'),
    frameMax: whole('frame_max') || undefined,
    channelMax: whole('channel_max') || undefined,
    connectionName: value<string | undefined>('connection_name') || undefined,
    prefetchCount: whole('prefetch_count') ?? 10,
    cacert: value<string | undefined>('cacert') || undefined,
    cert: value<string | undefined>('cert') || undefined,
    key: value<string | undefined>('key') || undefined,
    verify: flag('verify'),
  };
}

function exchangeOptions(raw: unknown, fromDsn: string | undefined): AmqpExchangeOptions {
  const given = record(raw, 'exchange');
  checkKeys(given, EXCHANGE_KEYS, 'exchange', 'Invalid exchange option(s)');
  const type = given['type'] === undefined ? 'fanout' : String(given['type']);
  if (!(EXCHANGE_TYPES as readonly string[]).includes(type))
    throw new InvalidTransportOptionException(
      'exchange',
      `The exchange type "${type}" is not one of ${EXCHANGE_TYPES.join(', ')}.`,
    );
  const key = given['default_publish_routing_key'];
  return {
    name: given['name'] === undefined || given['name'] === null ? (fromDsn ?? 'messages') : String(given['name']),
    type,
    defaultPublishRoutingKey: key === undefined || key === null ? undefined : String(key),
    flags: flags(given['flags'], 'exchange', AMQP_FLAGS.AMQP_DURABLE),
    arguments: record(given['arguments'], 'exchange.arguments'),
  };
}

/** Symfony: without `queues`, one queue named like the exchange; `queues: {}` declares none. */
function queueOptions(raw: unknown, exchangeName: string): AmqpQueueOptions[] {
  if (raw === undefined || raw === null) return [queue(exchangeName, {})];
  return Object.entries(record(raw, 'queues')).map(([name, options]) => queue(name, options));
}

function queue(name: string, raw: unknown): AmqpQueueOptions {
  // `queues: { fasttrack: ~ }` names a queue with no options.
  const given = raw === null || raw === undefined || raw === '' ? {} : record(raw, `queues.${name}`);
  checkKeys(given, QUEUE_KEYS, `queues.${name}`, 'Invalid queue option(s)');
  const keys = given['binding_keys'];
  const bindingKeys =
    keys === undefined || keys === null
      ? [undefined]
      : (Array.isArray(keys) ? keys : typeof keys === 'object' ? Object.values(keys) : [keys]).map(String);
  return {
    name,
    bindingKeys,
    bindingArguments: record(given['binding_arguments'], `queues.${name}.binding_arguments`),
    flags: flags(given['flags'], `queues.${name}`, AMQP_FLAGS.AMQP_DURABLE),
    arguments: integerArguments(record(given['arguments'], `queues.${name}.arguments`), `queues.${name}.arguments`),
  };
}

function delayOptions(raw: unknown): AmqpDelayOptions {
  const given = record(raw, 'delay');
  checkKeys(given, DELAY_KEYS, 'delay', 'Invalid delay option(s)');
  return {
    exchangeName: given['exchange_name'] === undefined ? 'delays' : String(given['exchange_name']),
    queueNamePattern:
      given['queue_name_pattern'] === undefined
        ? 'delay_%exchange_name%_%routing_key%_%delay%'
        : String(given['queue_name_pattern']),
    arguments: integerArguments(record(given['arguments'], 'delay.arguments'), 'delay.arguments'),
  };
}

function integerArguments(args: Record<string, unknown>, where: string): Record<string, unknown> {
  const result = { ...args };
  for (const key of ARGUMENTS_AS_INTEGER) {
    if (!(key in result)) continue;
    const n = typeof result[key] === 'string' && result[key] !== '' ? Number(result[key]) : result[key];
    if (typeof n !== 'number' || !Number.isFinite(n))
      throw new InvalidTransportOptionException(
        where.split('.')[0]!,
        `Integer expected for ${where} "${key}", got ${JSON.stringify(result[key])}.`,
      );
    result[key] = Math.trunc(n);
  }
  return result;
}

/** A number, or php-amqp constant names ("AMQP_DURABLE", "AMQP_DURABLE|AMQP_AUTODELETE"). */
export function flags(raw: unknown, where: string, fallback: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string') {
    if (/^\d+$/.test(raw.trim())) return Number(raw);
    let result = 0;
    for (const name of raw.split('|').map((part) => part.trim().replace(/^!php\/const\s+/, ''))) {
      const bit = (AMQP_FLAGS as Record<string, number>)[name];
      if (bit === undefined)
        throw new InvalidTransportOptionException(
          where.split('.')[0]!,
          `Unknown flag "${name}" in ${where}.flags: use a number or ${Object.keys(AMQP_FLAGS).join(', ')} (joined with |).`,
        );
      result |= bit;
    }
    return result;
  }
  throw new InvalidTransportOptionException(
    where.split('.')[0]!,
    `${where}.flags must be a number or php-amqp flag names, got ${JSON.stringify(raw)}.`,
  );
}

function record(raw: unknown, where: string): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new InvalidTransportOptionException(
      where.split('.')[0]!,
      `Option "${where}" must be a map, got ${JSON.stringify(raw)}.`,
    );
  return raw as Record<string, unknown>;
}

/** Symfony's LogicException for unknown nested options, with the known ones listed. */
function checkKeys(given: Record<string, unknown>, known: readonly string[], where: string, what: string): void {
  const unknown = Object.keys(given).filter((key) => !known.includes(key));
  if (unknown.length > 0)
    throw new InvalidTransportOptionException(
      where.split('.')[0]!,
      `${what} "${unknown.join('", "')}" passed to the AMQP Messenger transport (in ${where}; known: ${known.join(', ')}).`,
    );
}
