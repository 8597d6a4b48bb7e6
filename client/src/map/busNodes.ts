/**
 * The Buses section of the map, what `messenger debug` prints: each bus, the messages it has
 * handlers for, and those handlers in the order they run, with their options. That order is the
 * server's (`message.handlers[bus]`: the class's handlers, then each parent's, then `*`'s, each
 * group by priority), so the map never re-sorts it: a parent's priority-10 handler still runs
 * after the class's own.
 * A decorated handler missing from createMessenger({ handlers }) is listed too, marked "not
 * registered" (it never runs: the server warns about it). Every row opens its code (the bus
 * in messenger.yaml, the message class, the decorator).
 */
import type { BusModel, HandlerModel, MessageModel, ProjectModel } from '@messenger-ts/server/protocol';
import { count, type TreeNode } from '../tree/TreeNode';
import { decoratedScope, type DiagnosticInfo, withProblems } from './rowProblems';

export function busesSection(
  idPrefix: string,
  project: ProjectModel,
  diagnostics: readonly DiagnosticInfo[],
): TreeNode {
  const handlers = new Map(project.handlers.map((h) => [h.id, h]));
  const buses = project.buses.map((bus) =>
    busNode(`${idPrefix}bus:${bus.name}`, bus, project.messages, handlers, diagnostics),
  );
  return {
    id: `${idPrefix}buses`,
    label: 'Buses',
    description: count(project.buses.length, 'bus', 'buses'),
    icon: 'symbol-namespace',
    contextValue: 'buses',
    expanded: true,
    children: buses,
  };
}

/** The handlers of a message on a bus: the registered ones in run order, then the decorated but unregistered ones (they never run). */
function handlersOn(bus: string, message: MessageModel, handlers: ReadonlyMap<string, HandlerModel>): HandlerModel[] {
  const registered = (message.handlers[bus] ?? [])
    .map((id) => handlers.get(id))
    .filter((h): h is HandlerModel => h !== undefined);
  const unregistered = [...handlers.values()].filter(
    (h) => !h.registered && h.handles === message.id && (h.bus === undefined || h.bus === bus),
  );
  return [...registered, ...unregistered];
}

function busNode(
  id: string,
  bus: BusModel,
  messages: readonly MessageModel[],
  handlers: ReadonlyMap<string, HandlerModel>,
  diagnostics: readonly DiagnosticInfo[],
): TreeNode {
  const handled = messages
    .filter((m) => handlersOn(bus.name, m, handlers).length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  const middleware = bus.middleware.length > 0 ? bus.middleware.join(', ') : 'none';
  return withProblems(
    {
      id,
      label: bus.name,
      description: [bus.isDefault ? 'default' : '', count(handled.length, 'message')]
        .filter((p) => p !== '')
        .join(' · '),
      tooltip: `Bus ${bus.name}${bus.isDefault ? ' (the default bus)' : ''}\nMiddleware: ${middleware}\nDefault middleware: ${String(bus.defaultMiddleware)}`,
      icon: 'server-process',
      contextValue: 'bus',
      location: bus.location,
      expanded: bus.isDefault,
      data: { bus: bus.name },
      children: handled.map((message) =>
        messageNode(`${id}/message:${message.id}`, bus.name, message, handlers, diagnostics),
      ),
    },
    diagnostics,
  );
}

function messageNode(
  id: string,
  bus: string,
  message: MessageModel,
  handlers: ReadonlyMap<string, HandlerModel>,
  diagnostics: readonly DiagnosticInfo[],
): TreeNode {
  const mine = handlersOn(bus, message, handlers);
  return withProblems(
    {
      id,
      label: message.name,
      description: routeSummary(message),
      tooltip: `${message.name}${message.name === message.className ? '' : ` (class ${message.className})`}\n${routeSummary(message)}\nHandlers on ${bus}: ${mine.filter((h) => h.registered).length}`,
      icon: 'mail',
      contextValue: 'message',
      location: message.location,
      data: { message: message.name },
      children: mine.map((handler) => handlerNode(`${id}/handler:${handler.id}`, handler, diagnostics)),
    },
    diagnostics,
  );
}

function handlerNode(id: string, handler: HandlerModel, diagnostics: readonly DiagnosticInfo[]): TreeNode {
  const options = handlerOptions(handler);
  return withProblems(
    {
      id,
      label: handler.method === '__invoke' ? handler.className : handler.name,
      description: [handler.registered ? '' : 'not registered', ...options].filter((o) => o !== '').join(' · '),
      tooltip: [
        handler.name,
        handler.bus === undefined ? 'On every bus' : `Bus: ${handler.bus}`,
        handler.priority !== 0 ? `Priority: ${handler.priority} (higher runs first)` : '',
        handler.fromTransport !== undefined ? `Only for messages received from ${handler.fromTransport}` : '',
        handler.registered ? '' : 'Not listed in createMessenger({ handlers }): it never runs.',
      ]
        .filter((l) => l !== '')
        .join('\n'),
      icon: handler.registered ? 'symbol-method' : 'circle-slash',
      contextValue: handler.registered ? 'handler' : 'handler.unregistered',
      location: handler.location,
      data: { handler: handler.name },
    },
    diagnostics,
    decoratedScope(handler.location),
  );
}

/**
 * The handler options `messenger debug` shows that the row does not already say (its bus is
 * the row's parent, its method is in its label): priority and fromTransport, when set.
 */
function handlerOptions(handler: HandlerModel): string[] {
  return [
    handler.priority !== 0 ? `priority ${handler.priority}` : '',
    handler.fromTransport !== undefined ? `from ${handler.fromTransport}` : '',
  ].filter((o) => o !== '');
}

/** `→ async` or `sync (not routed)`. */
function routeSummary(message: MessageModel): string {
  const transports = [...new Set(message.routes.map((r) => r.transport))];
  return transports.length === 0 ? 'handled on dispatch (not routed)' : `→ ${transports.join(', ')}`;
}
