import { relative } from 'node:path';
import { maskDsn } from '@messenger-ts/runtime/contract';
import type { Route } from '@messenger-ts/runtime/rules';
import { checkPayload, serializingRoutes } from '../../analysis/diagnostics/payload.js';
import type { MessageInfo, Model, RoutingKey } from '../../analysis/model/assemble.js';
import type { HandlerDef } from '../../analysis/model/handlers.js';
import { dsnScheme, handlersFor, serializerOf } from '../../analysis/model/queries.js';
import type { ClassRef } from '../../analysis/model/ProjectIndex.js';
import { uriOf } from '../../convert.js';
import type { Range } from '../../protocol.js';

/**
 * The texts of hovers (and code lenses): Markdown kept to what every client renders the same,
 * VS Code and Neovim alike: bold titles, code spans, flat lists, links to `file:` URIs.
 */

/** Long lists are cut: a hover is read at a glance. */
const MAX_ITEMS = 12;

function list(items: readonly string[]): string[] {
  const shown = items.slice(0, MAX_ITEMS).map((item) => `- ${item}`);
  if (items.length > MAX_ITEMS) shown.push(`- … and ${items.length - MAX_ITEMS} more`);
  return shown;
}

/** A code span that survives backticks in the text. */
export function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** A link to a place: `[src/File.ts:12](file:///…#L12)`. */
export function link(model: Model, file: string, range: Range, label?: string): string {
  const line = range.start.line + 1;
  return `[${label ?? `${relative(model.projectDir, file)}:${line}`}](${uriOf(file)}#L${line})`;
}

function className(model: Model, key: string): string {
  return model.messages.get(key)?.typeName ?? model.index.classes.get(key)?.decl.name ?? key;
}

/** The registered handlers of a message on every bus, with their bus, in the order they run. */
export function handlersOf(model: Model, cls: ClassRef): Array<{ def: HandlerDef; bus: string }> {
  const out: Array<{ def: HandlerDef; bus: string }> = [];
  for (const bus of model.byBus.keys()) for (const def of handlersFor(model, cls, bus)) out.push({ def, bus });
  return out;
}

/** The routing rule of each class a key names, by class key: built once per model (a hover lists many routes). */
const rulesByModel = new WeakMap<Model, ReadonlyMap<string, RoutingKey['rule']>>();

function ruleFor(model: Model, classKey: string): RoutingKey['rule'] | undefined {
  let rules = rulesByModel.get(model);
  if (rules === undefined) {
    const map = new Map<string, RoutingKey['rule']>();
    for (const key of model.routingKeys)
      if (key.resolution.kind === 'class' && !map.has(key.resolution.cls.key))
        map.set(key.resolution.cls.key, key.rule);
    rules = map;
    rulesByModel.set(model, rules);
  }
  return rules.get(classKey);
}

/** Why a route exists: the rule that sent the message there. */
export function routeReason(model: Model, info: MessageInfo, route: Route<string>): string {
  if (route.source === 'wildcard') return "routing key `'*'`";
  const matched = route.matched === '*' ? undefined : model.index.classes.get(route.matched);
  if (route.source === 'attribute')
    return matched === undefined || matched.key === info.cls.key
      ? '`@AsMessage`'
      : `\`@AsMessage\` on its parent ${code(matched.decl.name)}`;
  const rule = route.matched === '*' ? undefined : ruleFor(model, route.matched);
  const written = rule === undefined ? '' : ` ${code(rule.message)}`;
  return route.source === 'class'
    ? `routing key${written} (its class)`
    : `routing key${written} (its parent ${code(matched?.decl.name ?? String(route.matched))})`;
}

function transportLine(model: Model, name: string): string {
  const transport = model.config.transports.get(name);
  return transport === undefined ? `${code(name)} (not defined)` : `${code(name)} ${code(maskDsn(transport.dsn))}`;
}

/**
 * A message: where it goes and why, who handles it, whether its payload survives the
 * serializer. `stamped`: the transports a TransportNamesStamp names at the dispatch hovered.
 */
export function describeMessage(model: Model, info: MessageInfo, stamped?: readonly string[]): string {
  const cls = info.cls;
  const title =
    info.typeName === cls.decl.name
      ? `**${cls.decl.name}** · message`
      : `**${cls.decl.name}** · message ${code(info.typeName)}`;
  const out = [title, ''];
  if (stamped !== undefined) {
    out.push('**Sent to**, at this dispatch');
    out.push(
      ...list(
        stamped.map((name) => `${transportLine(model, name)} · \`TransportNamesStamp\` (instead of the routing)`),
      ),
    );
  } else if (info.routes.length === 0) out.push('**Handled synchronously**: no routing rule sends it to a transport.');
  else {
    out.push('**Sent to**');
    out.push(
      ...list(
        info.routes.map((route) => `${transportLine(model, route.transport)} · ${routeReason(model, info, route)}`),
      ),
    );
  }
  out.push('');
  const handlers = handlersOf(model, cls);
  if (handlers.length === 0) out.push('**No handler** is registered for it.');
  else {
    // A handler without `bus` is registered on every bus: one line, its buses together.
    const byDef = new Map<HandlerDef, string[]>();
    for (const { def, bus } of handlers) byDef.set(def, [...(byDef.get(def) ?? []), bus]);
    out.push('**Handlers**');
    out.push(...list([...byDef].map(([def, buses]) => handlerLine(model, def, buses))));
  }
  const unregistered = model.handlerDefs.filter(
    (def) => def.handles !== '*' && def.handles?.key === cls.key && !model.registeredHandlerClasses.has(def.cls.key),
  );
  if (unregistered.length > 0 && !model.registrationUnknown)
    out.push(
      '',
      `Not registered in \`createMessenger({ handlers })\`: ${unregistered.map((def) => link(model, def.cls.file, def.decoratorRange, def.name)).join(', ')}.`,
    );
  const payload = payloadLine(model, info);
  if (payload !== undefined) out.push('', payload);
  return out.join('\n');
}

function handlerLine(model: Model, def: HandlerDef, buses: readonly string[]): string {
  const details = [`on ${buses.map(code).join(', ')}`];
  if (def.fromTransport !== undefined) details.push(`only from ${code(def.fromTransport)}`);
  if (def.priority !== 0) details.push(`priority ${def.priority}`);
  return `${link(model, def.cls.file, def.decoratorRange, def.name)} ${details.join(', ')}`;
}

function payloadLine(model: Model, info: MessageInfo): string | undefined {
  const serializing = serializingRoutes(model, info);
  if (serializing.length === 0) return info.routes.length === 0 ? undefined : '**Payload**: not serialized on the way.';
  const problems = checkPayload(model, info).problems;
  if (problems.length === 0) return `**Payload**: survives the serializer of ${serializing.map(code).join(', ')}.`;
  const problem = problems[0]!;
  const path = problem.path === '' ? `${info.typeName} itself` : code(problem.path);
  return `**Payload**: the serializer of ${serializing.map(code).join(', ')} cannot carry it: ${path} is ${problem.reason}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}.`;
}

/**
 * The transports a handler is called from when messages are received: its `fromTransport`, else
 * the transports its message is routed to; none when the message is handled on dispatch;
 * undefined when the message cannot be told (or is `*`).
 */
export function handlerTransports(model: Model, def: HandlerDef): readonly string[] | undefined {
  if (def.fromTransport !== undefined) return [def.fromTransport];
  const info = def.handles === undefined || def.handles === '*' ? undefined : model.messages.get(def.handles.key);
  return info?.routes.map((r) => r.transport);
}

/** "from `async`", "on dispatch", "for every message": where a handler is called from. */
export function handlerSources(model: Model, def: HandlerDef): string {
  const transports = handlerTransports(model, def);
  if (transports === undefined) return def.handles === '*' ? 'for every message' : '';
  return transports.length === 0 ? 'on dispatch' : `from ${transports.map(code).join(', ')}`;
}

/** The buses a handler is registered on (its `bus`, else every bus), as the runtime registers it. */
export function handlerBuses(model: Model, def: HandlerDef): string[] {
  return [...model.byBus]
    .filter(([, byMessage]) => [...byMessage.values()].some((defs) => defs.includes(def)))
    .map(([bus]) => bus);
}

/** A handler: its message, its bus, the transports it is called from. */
export function describeHandler(model: Model, def: HandlerDef): string {
  const out = [`**${def.name}** · handler`, ''];
  const handles =
    def.handles === '*'
      ? 'every message (`*`)'
      : def.handles === undefined
        ? 'a message the analysis cannot tell'
        : link(model, def.handles.file, def.handles.decl.range, className(model, def.handles.key));
  const registered = model.registeredHandlerClasses.has(def.cls.key) || model.registrationUnknown;
  const buses = registered ? handlerBuses(model, def) : [];
  out.push(`- Handles ${handles}`);
  out.push(
    `- Bus: ${
      buses.length > 0
        ? buses.map(code).join(', ')
        : def.bus !== undefined
          ? `${code(def.bus)} (not registered)`
          : 'none: not registered'
    }`,
  );
  const sources = handlerSources(model, def);
  if (sources !== '') out.push(`- Called ${sources}`);
  if (def.priority !== 0) out.push(`- Priority ${def.priority}`);
  if (!registered) out.push('', 'Not registered in `createMessenger({ handlers })`: the runtime will never call it.');
  return out.join('\n');
}

/** A transport: its DSN (masked), scheme, retries, failure transport, what is routed to it and who consumes it only from it. */
export function describeTransport(model: Model, name: string): string {
  const transport = model.config.transports.get(name);
  if (transport === undefined) {
    const known = [...model.config.transports.keys()];
    return `**${name}** · transport not defined in messenger.yaml${known.length > 0 ? ` (defined: ${known.map(code).join(', ')})` : ''}.`;
  }
  const out = [`**${name}** · transport`, ''];
  const scheme = dsnScheme(transport.dsn);
  const template = transport.dsnTemplate !== transport.dsn ? ` from ${code(maskDsn(transport.dsnTemplate))}` : '';
  out.push(`- DSN ${code(maskDsn(transport.dsn))}${template}${scheme === undefined ? '' : `, scheme ${code(scheme)}`}`);
  const retry = transport.retryStrategy;
  out.push(
    retry.service !== undefined
      ? `- Retries: service ${code(retry.service)}`
      : `- Retries: ${retry.maxRetries} times, after ${retry.delay} ms ×${retry.multiplier}${retry.maxDelay > 0 ? ` (at most ${retry.maxDelay} ms)` : ''}`,
  );
  const failure = transport.failureTransport ?? model.config.failureTransport;
  if (failure !== undefined && failure !== name) out.push(`- Failure transport ${code(failure)}`);
  if (name === model.config.failureTransport) out.push('- The failure transport of the application');
  out.push(`- Serializer ${code(serializerOf(model.config, transport))}`);
  const routed = [...model.messages.values()].filter((info) => info.routes.some((r) => r.transport === name));
  out.push('');
  if (routed.length === 0) out.push('Nothing is routed to it.');
  else {
    out.push('**Routed here**');
    out.push(
      ...list(
        routed.map((info, index) => {
          // Only the lines shown are written out: a transport may have thousands of messages.
          if (index >= MAX_ITEMS) return '';
          const route = info.routes.find((r) => r.transport === name)!;
          return `${link(model, info.cls.file, info.cls.decl.range, info.typeName)} · ${routeReason(model, info, route)}`;
        }),
      ),
    );
  }
  const only = model.handlerDefs.filter((def) => def.fromTransport === name);
  if (only.length > 0) {
    const shown = only.slice(0, MAX_ITEMS).map((def) => link(model, def.cls.file, def.decoratorRange, def.name));
    const more = only.length > MAX_ITEMS ? ` and ${only.length - MAX_ITEMS} more` : '';
    out.push('', `Handlers only for it: ${shown.join(', ')}${more}.`);
  }
  return out.join('\n');
}

/** A bus: its middleware and the messages it handles. */
export function describeBus(model: Model, name: string): string {
  const bus = model.config.buses.get(name);
  if (bus === undefined) {
    const known = [...model.config.buses.keys()];
    return `**${name}** · bus not defined in messenger.yaml (defined: ${known.map(code).join(', ')}).`;
  }
  const out = [`**${name}** · bus${name === model.config.defaultBus ? ' (the default bus)' : ''}`, ''];
  const defaults =
    bus.defaultMiddleware === false
      ? 'off'
      : bus.defaultMiddleware === 'allow_no_handlers'
        ? 'on, messages without handlers allowed'
        : 'on';
  out.push(`- Default middleware: ${defaults}`);
  out.push(
    `- Middleware: ${bus.middleware.length === 0 ? 'none of its own' : bus.middleware.map((m) => code(m.id)).join(', ')}`,
  );
  const byMessage = model.byBus.get(name);
  const entries = byMessage === undefined ? [] : [...byMessage];
  out.push('');
  if (entries.length === 0) out.push('No handler is registered on it.');
  else {
    out.push('**Messages**');
    out.push(
      ...list(
        entries.map(([key, defs]) => {
          const message =
            key === '*'
              ? '`*`'
              : (() => {
                  const cls = model.index.classes.get(key)!;
                  return link(model, cls.file, cls.decl.range, className(model, key));
                })();
          return `${message} → ${defs.map((def) => code(def.name)).join(', ')}`;
        }),
      ),
    );
  }
  return out.join('\n');
}

/** A routing key: the class it names (and its routes and handlers), or why it names none. */
export function describeRoutingKey(model: Model, key: RoutingKey): string {
  const resolution = key.resolution;
  const transports = key.rule.transports.map(code).join(', ');
  if (resolution.kind === 'wildcard')
    return `**\`*\`** · routing key: every message no other rule routes goes to ${transports}.`;
  if (resolution.kind !== 'class') return `**${key.rule.message}** · routing key\n\n${resolution.message}`;
  const info = model.messages.get(resolution.cls.key);
  const head = `Routing key ${code(key.rule.message)} → ${transports}`;
  if (info === undefined)
    return `${head}\n\n${link(model, resolution.cls.file, resolution.cls.decl.range, resolution.cls.decl.name)}`;
  return `${head}\n\n---\n\n${describeMessage(model, info)}`;
}
