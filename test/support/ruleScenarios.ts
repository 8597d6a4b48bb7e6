/**
 * Messenger's rules as a table: small applications and what the rules make of them (handler
 * registration, handler lookup, message names, routing keys, routes, refused declarations).
 * The runtime's tests build each application from classes (runtime/test/sharedRules.test.ts),
 * the analysis' tests from source files (server/test/sharedRules.test.ts), and both must find
 * the same: a rule changed on one side only fails there, a rule changed in its one place
 * fails both until the table says the new behaviour.
 */

export interface MessageSpec {
  readonly extends?: string;
  /** @AsMessage({ type }). */
  readonly type?: string;
  /** @AsMessage({ transport }). */
  readonly transports?: readonly string[];
  /** Exported by `src/Message/<Name>.ts` only, never imported by the application: a namespaced routing key finds it. */
  readonly moduleOnly?: boolean;
}

export interface DeclarationSpec {
  /** The message class name, or `*`. */
  readonly handles: string;
  readonly bus?: string;
  readonly fromTransport?: string;
  readonly priority?: number;
  /** The method option (a class decorator): the class has this method unless `missingMethod`. */
  readonly method?: string;
  readonly missingMethod?: boolean;
}

export interface Scenario {
  readonly name: string;
  /** Buses of messenger.yaml (the first is the default); none: the default bus only. */
  readonly buses?: readonly string[];
  /** In-memory transports of messenger.yaml. */
  readonly transports?: readonly string[];
  /** messenger.yaml routing: key → transports. */
  readonly routing?: Readonly<Record<string, readonly string[]>>;
  readonly messages: Readonly<Record<string, MessageSpec>>;
  /** Handler classes with their class decorators, in declaration order. */
  readonly handlers: Readonly<Record<string, readonly DeclarationSpec[]>>;
  /** createMessenger({ handlers }), in order; a name twice is two instances. Default: every handler class. */
  readonly register?: readonly string[];
  /** createMessenger({ messages }). */
  readonly messagesOption?: readonly string[];
  readonly expect: Expectations;
}

export interface Expectations {
  /** `messenger debug --format json`: bus → message name → handler names. */
  readonly mapping?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** Handlers that run for a message dispatched on a bus (received from a transport, or directly). */
  readonly lookups?: ReadonlyArray<{
    readonly message: string;
    readonly bus: string;
    readonly receivedFrom?: string;
    readonly handlers: readonly string[];
  }>;
  /** The class the registry knows by a name (undefined: none). */
  readonly names?: ReadonlyArray<{ readonly name: string; readonly cls: string | undefined }>;
  /** The transports of a message class, in order. */
  readonly routes?: Readonly<Record<string, readonly string[]>>;
  /** The application is refused, with (at least) these problems, in the runtime's words. */
  readonly problems?: readonly string[];
}

const DEFAULT_BUS = 'messenger.bus.default';

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'registration: a handler without bus on every bus, highest priority first, equal priorities in registration order',
    buses: ['command.bus', 'event.bus'],
    messages: { OrderPlaced: {} },
    handlers: {
      Audit: [{ handles: 'OrderPlaced' }],
      Mailer: [{ handles: 'OrderPlaced', bus: 'event.bus', priority: 10 }],
      Stock: [{ handles: 'OrderPlaced', bus: 'event.bus' }],
    },
    expect: {
      mapping: {
        'command.bus': { OrderPlaced: ['Audit'] },
        'event.bus': { OrderPlaced: ['Mailer', 'Audit', 'Stock'] },
      },
      lookups: [
        {
          message: 'OrderPlaced',
          bus: 'event.bus',
          handlers: ['Mailer::__invoke', 'Audit::__invoke', 'Stock::__invoke'],
        },
      ],
    },
  },
  {
    name: 'lookup: own class, then parent classes, then *; fromTransport only for received messages; a name once',
    transports: ['async', 'audit'],
    messages: { Notification: {}, Sms: { extends: 'Notification' } },
    handlers: {
      SmsHandler: [{ handles: 'Sms' }],
      NotificationHandler: [{ handles: 'Notification', fromTransport: 'audit' }],
      Everything: [{ handles: '*' }],
    },
    register: ['SmsHandler', 'NotificationHandler', 'Everything', 'Everything'],
    expect: {
      lookups: [
        {
          message: 'Sms',
          bus: DEFAULT_BUS,
          handlers: ['SmsHandler::__invoke', 'NotificationHandler::__invoke', 'Everything::__invoke'],
        },
        {
          message: 'Sms',
          bus: DEFAULT_BUS,
          receivedFrom: 'async',
          handlers: ['SmsHandler::__invoke', 'Everything::__invoke'],
        },
        {
          message: 'Sms',
          bus: DEFAULT_BUS,
          receivedFrom: 'audit',
          handlers: ['SmsHandler::__invoke', 'NotificationHandler::__invoke', 'Everything::__invoke'],
        },
      ],
    },
  },
  {
    name: 'names: the wire type, the class name, and a namespaced name by its short name',
    messages: { SmsNotification: { type: 'App\\Message\\SmsNotification' }, Ping: {} },
    handlers: { SmsHandler: [{ handles: 'SmsNotification' }] },
    messagesOption: ['Ping'],
    expect: {
      names: [
        { name: 'App\\Message\\SmsNotification', cls: 'SmsNotification' },
        { name: 'SmsNotification', cls: 'SmsNotification' },
        { name: 'Other\\Namespace\\Ping', cls: 'Ping' },
        { name: 'Pong', cls: undefined },
      ],
    },
  },
  {
    name: 'routing: class and parent rules both apply, configuration over @AsMessage, * only when nothing else matched',
    transports: ['async', 'audit', 'sync', 'fallback'],
    routing: { Notification: ['audit'], Sms: ['async'], '*': ['fallback'] },
    messages: {
      Notification: {},
      Sms: { extends: 'Notification', transports: ['sync'] },
      Email: { extends: 'Notification' },
      Ping: { transports: ['sync'] },
      Pong: {},
    },
    handlers: { H: [{ handles: 'Notification' }, { handles: 'Ping' }, { handles: 'Pong' }] },
    messagesOption: ['Sms'],
    expect: {
      routes: { Sms: ['async', 'audit'], Email: ['audit'], Ping: ['sync'], Pong: ['fallback'] },
    },
  },
  {
    name: 'routing keys: a namespaced key imports its module, which joins the registry under the key',
    transports: ['async'],
    routing: { 'App\\Message\\Invoice': ['async'] },
    messages: { Invoice: { moduleOnly: true } },
    handlers: {},
    expect: {
      names: [
        { name: 'App\\Message\\Invoice', cls: 'Invoice' },
        { name: 'Invoice', cls: 'Invoice' },
      ],
      routes: { Invoice: ['async'] },
    },
  },
  {
    name: 'refused: an unknown bus, a missing method, an undecorated handler',
    messages: { Order: {} },
    handlers: {
      WrongBus: [{ handles: 'Order', bus: 'comand.bus' }],
      WrongMethod: [{ handles: 'Order', method: 'onOrder', missingMethod: true }],
      Plain: [],
    },
    expect: {
      problems: [
        'Bus "comand.bus" of handler WrongBus::__invoke does not exist. Configured buses: messenger.bus.default.',
        'WrongMethod has no method "onOrder" to handle messages with',
        'Plain has no @AsMessageHandler on the class or its methods',
      ],
    },
  },
  {
    name: 'refused: routing keys that name nothing',
    transports: ['async'],
    routing: { Shipment: ['async'], 'App\\Message\\Missing': ['async'] },
    messages: { Order: {} },
    handlers: { OrderHandler: [{ handles: 'Order' }] },
    expect: {
      problems: [
        'Invalid routing: no registered message class is named "Shipment"',
        'Invalid routing: class "App\\Message\\Missing" not found: expected an export "Missing" in src/Message/Missing.ts.',
      ],
    },
  },
  {
    name: 'refused: two message classes under one name',
    messages: { Order: { type: 'order' }, Refund: { type: 'order' } },
    handlers: { OrderHandler: [{ handles: 'Order' }] },
    messagesOption: ['Refund'],
    expect: { problems: ['Two message classes are registered under the name "order": Refund'] },
  },
];

/** framework.messenger YAML for a scenario. */
export function scenarioYaml(scenario: Scenario): string {
  const lines = ['framework:', '  messenger:'];
  if (scenario.buses !== undefined) {
    lines.push(`    default_bus: ${scenario.buses[0]}`, '    buses:');
    for (const bus of scenario.buses) lines.push(`      ${bus}: ~`);
  }
  if (scenario.transports !== undefined) {
    lines.push('    transports:');
    for (const transport of scenario.transports) lines.push(`      ${transport}: 'in-memory://'`);
  }
  if (scenario.routing !== undefined) {
    lines.push('    routing:');
    for (const [key, transports] of Object.entries(scenario.routing))
      lines.push(`      ${JSON.stringify(key)}: [${transports.join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}
