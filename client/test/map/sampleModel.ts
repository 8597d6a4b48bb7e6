/** A small ProjectModel, as the language server sends it, for the map's tests. */
import type {
  HandlerModel,
  MessageModel,
  ProjectModel,
  SourceRef,
  TransportModel,
} from '@messenger-ts/server/protocol';

export const DIR = '/app';

export function at(file: string, line: number): SourceRef {
  return { file: `${DIR}/${file}`, range: { start: { line, character: 0 }, end: { line, character: 10 } } };
}

const retry = { maxRetries: 3, delay: 1000, multiplier: 2, maxDelay: 0, service: undefined };

function transport(name: string, dsn: string, scheme: string, line: number): TransportModel {
  return {
    name,
    dsn,
    scheme,
    serializes: scheme !== 'sync',
    failureTransport: 'failed',
    retryStrategy: retry,
    location: at('config/packages/messenger.yaml', line),
  };
}

function handler(id: string, fields: Partial<HandlerModel>): HandlerModel {
  return {
    id,
    name: `${fields.className}::${fields.method ?? '__invoke'}`,
    className: 'X',
    method: '__invoke',
    handles: undefined,
    handlesName: undefined,
    inferred: false,
    bus: undefined,
    fromTransport: undefined,
    priority: 0,
    registered: true,
    buses: [],
    location: at('src/x.ts', 0),
    ...fields,
  } as HandlerModel;
}

function message(id: string, name: string, fields: Partial<MessageModel>): MessageModel {
  return {
    id,
    name,
    className: name,
    location: at(`src/Message/${name}.ts`, 0),
    parent: undefined,
    abstract: false,
    registered: true,
    origins: ['handled'],
    asMessage: undefined,
    routes: [],
    properties: [],
    handlers: {},
    ...fields,
  };
}

export function sampleProject(overrides: Partial<ProjectModel> = {}): ProjectModel {
  const sms = message('sms', 'SmsNotification', {
    routes: [{ transport: 'async', source: 'class', matched: 'sms' }],
    handlers: { 'command.bus': ['h-sms'], 'event.bus': ['h-sms'] },
  });
  const order = message('order', 'OrderPlaced', {
    handlers: { 'command.bus': [], 'event.bus': ['h-stock', 'h-confirm'] },
  });
  return {
    projectDir: DIR,
    env: 'dev',
    configFiles: [`${DIR}/config/packages/messenger.yaml`],
    bootstrap: at('src/messenger.ts', 3),
    defaultBus: 'command.bus',
    buses: [
      {
        name: 'command.bus',
        isDefault: true,
        defaultMiddleware: true,
        middleware: ['validation'],
        location: at('config/packages/messenger.yaml', 5),
      },
      {
        name: 'event.bus',
        isDefault: false,
        defaultMiddleware: 'allow_no_handlers',
        middleware: [],
        location: at('config/packages/messenger.yaml', 7),
      },
    ],
    transports: [
      transport('async', 'postgres://app:****@db:5432/app', 'postgres', 12),
      transport('failed', 'sqlite://var/messenger.db?queue_name=failed', 'sqlite', 16),
      transport('sync', 'sync://', 'sync', 17),
    ],
    failureTransport: 'failed',
    routing: [],
    messages: [sms, order],
    handlers: [
      handler('h-sms', {
        className: 'SmsNotificationHandler',
        handles: 'sms',
        fromTransport: 'async',
        location: at('src/MessageHandler/SmsNotificationHandler.ts', 4),
      }),
      handler('h-confirm', {
        className: 'OrderHandlers',
        method: 'confirm',
        name: 'OrderHandlers::confirm',
        handles: 'order',
        bus: 'event.bus',
        location: at('src/MessageHandler/OrderHandlers.ts', 8),
      }),
      handler('h-stock', {
        className: 'OrderHandlers',
        method: 'stock',
        name: 'OrderHandlers::stock',
        handles: 'order',
        bus: 'event.bus',
        priority: 10,
        location: at('src/MessageHandler/OrderHandlers.ts', 4),
      }),
      handler('h-audit', {
        className: 'AuditHandler',
        handles: 'order',
        bus: 'event.bus',
        registered: false,
        location: at('src/MessageHandler/AuditHandler.ts', 5),
      }),
    ],
    dispatches: [],
    handlerMapping: { buses: [] },
    diagnosticCounts: { error: 0, warning: 1, information: 0, hint: 0 },
    ...overrides,
  };
}
