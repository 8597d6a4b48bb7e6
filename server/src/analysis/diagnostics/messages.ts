import { closestName, didYouMean, unknownBusMessage } from '@messenger-ts/runtime/rules';
import type { DispatchSite, MessageInfo, Model } from '../model/assemble.js';
import type { ClassRef } from '../model/ProjectIndex.js';
import { busAllowsNoHandlers, dsnScheme, handlersFor } from '../model/queries.js';
import { at } from './config.js';
import { type Diagnostic, type DiagnosticData, diagnostic } from './types.js';

/** Dispatches and routes against handlers: unrouted messages, missing and unreachable handlers, queries. */
export function messageDiagnostics(model: Model): Diagnostic[] {
  const out: Diagnostic[] = unknownBuses(model);
  for (const site of model.dispatches) {
    const info = site.message === undefined ? undefined : model.messages.get(site.message.key);
    // On a bus that does not exist, getBus() throws before anything is dispatched: that is the problem to report.
    if (info === undefined || busesOf(model, site)?.length === 0) continue;
    if (site.via === 'handle') out.push(...queryProblems(model, site, info));
    else out.push(...dispatchProblems(model, site, info));
  }
  out.push(...routedWithoutHandler(model));
  out.push(...unreachableHandlers(model));
  return out;
}

function busesOf(model: Model, site: DispatchSite): readonly string[] | undefined {
  return site.buses?.filter((bus) => model.config.buses.has(bus));
}

/** `getBus('comand.bus')` for a bus messenger.yaml does not configure: the runtime throws there. */
function unknownBuses(model: Model): Diagnostic[] {
  const known = [...model.config.buses.keys()];
  const reported = new Set<string>();
  const out: Diagnostic[] = [];
  for (const site of model.dispatches) {
    const origin = site.busOrigin;
    const unknown = site.buses?.find((bus) => !model.config.buses.has(bus));
    if (origin === undefined || unknown === undefined) continue;
    const key = `${origin.file}:${origin.range.start.line}:${origin.range.start.character}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const closest = closestName(unknown, known);
    out.push(
      diagnostic(
        'unknown-bus',
        { file: origin.file, range: origin.range },
        `${unknownBusMessage(unknown, known)} Configure it under "buses" in messenger.yaml.`,
        {
          // Called on the messenger, it is the runtime's getBus(); another `getBus` most likely is.
          confidence: origin.certain ? 'certain' : 'probable',
          data: { unknownName: unknown, ...(closest === undefined ? {} : { closestName: closest }) },
        },
      ),
    );
  }
  return out;
}

/** What a fix for a message needs: the class, and the bootstrap module (where handlers are registered). */
function messageData(model: Model, info: MessageInfo, extra: DiagnosticData = {}): DiagnosticData {
  return {
    className: info.cls.decl.name,
    classFile: info.cls.file,
    ...(model.bootstrap === undefined ? {} : { targetFile: model.bootstrap.file }),
    ...extra,
  };
}

/** The base messenger.yaml: where a routing rule goes. */
function configFile(model: Model): string | undefined {
  return model.config.files.find((file) => /\.ya?ml$/.test(file));
}

function isSync(model: Model, transport: string): boolean {
  const dsn = model.config.transports.get(transport)?.dsn;
  return dsn !== undefined && dsnScheme(dsn) === 'sync';
}

function dispatchProblems(model: Model, site: DispatchSite, info: MessageInfo): Diagnostic[] {
  const name = info.typeName;
  const buses = busesOf(model, site);
  const where = buses === undefined ? 'its bus' : `bus "${buses.join('" or "')}"`;
  const out: Diagnostic[] = [];
  const place = { file: site.file, range: site.range };
  const bus = buses?.length === 1 ? { bus: buses[0]! } : {};
  if (info.routes.length === 0) {
    const config = configFile(model);
    out.push(
      diagnostic(
        'unrouted-message',
        place,
        `${name} matches no routing rule: it is handled synchronously, on dispatch (${where}). Route it in messenger.yaml to send it to a transport.`,
        {
          data: { className: info.cls.decl.name, classFile: info.cls.file, ...(config ? { targetFile: config } : {}) },
        },
      ),
    );
  }
  // Which handlers exist is a guess: saying one is missing would be too.
  if (model.registrationUnknown) return out;
  const missing = (candidates: readonly string[], received?: string): string[] =>
    candidates.filter(
      (bus) => handlersFor(model, info.cls, bus, received).length === 0 && !busAllowsNoHandlers(model, bus),
    );
  const allBuses = [...model.config.buses.keys()];
  if (info.routes.length === 0) {
    const without =
      buses === undefined ? (missing(allBuses).length === allBuses.length ? allBuses : []) : missing(buses);
    if (without.length > 0) {
      out.push(
        diagnostic(
          'missing-handler',
          place,
          `No handler for ${name} on ${buses === undefined ? 'any bus' : `bus "${without.join('", "')}"`}: dispatching it throws NoHandlerForMessageException. Add a handler with @AsMessageHandler(${info.cls.decl.name}) and list it in createMessenger({ handlers }), or route it to a transport.`,
          // Which bus it goes through is unknown: it may be one whose handlers cover it.
          { confidence: buses === undefined ? 'probable' : 'certain', data: messageData(model, info, bus) },
        ),
      );
    }
    return out;
  }
  for (const route of info.routes) {
    const without =
      buses === undefined
        ? missing(allBuses, route.transport).length === allBuses.length
          ? allBuses
          : []
        : missing(buses, route.transport);
    if (without.length === 0) continue;
    const sync = isSync(model, route.transport);
    out.push(
      diagnostic(
        'missing-handler',
        place,
        sync
          ? `${name} is routed to "${route.transport}" (sync://), which handles it at once, but no handler on ${where} takes it from "${route.transport}": dispatching it throws NoHandlerForMessageException.`
          : `${name} is sent to "${route.transport}", but no handler on ${where} takes it from "${route.transport}": a worker consuming "${route.transport}" fails it with NoHandlerForMessageException. Add a handler (without fromTransport, or with fromTransport: '${route.transport}'), unless another application consumes "${route.transport}".`,
        // A worker of another application may consume an asynchronous transport.
        {
          confidence: sync ? 'certain' : 'probable',
          data: messageData(model, info, { ...bus, transport: route.transport }),
        },
      ),
    );
  }
  return out;
}

function queryProblems(model: Model, site: DispatchSite, info: MessageInfo): Diagnostic[] {
  const name = info.typeName;
  const place = { file: site.file, range: site.range };
  const sent = info.routes.filter((r) => !isSync(model, r.transport));
  if (sent.length > 0) {
    return [
      diagnostic(
        'missing-handler',
        place,
        `handle() needs ${name} handled on dispatch, but it is routed to "${sent.map((r) => r.transport).join('", "')}": it is sent instead, and handle() throws "handled zero times". Do not route queries, or dispatch it without handle().`,
        { data: messageData(model, info, { transport: sent[0]!.transport }) },
      ),
    ];
  }
  const out: Diagnostic[] = [];
  if (model.registrationUnknown) return out;
  const received = info.routes[0]?.transport;
  for (const bus of busesOf(model, site) ?? []) {
    const handlers = handlersFor(model, info.cls, bus, received);
    if (handlers.length === 0) {
      out.push(
        diagnostic(
          'missing-handler',
          place,
          `handle() expects exactly one handler for ${name} on bus "${bus}", and it has none: it throws "handled zero times". Add a handler with @AsMessageHandler(${info.cls.decl.name}, { bus: '${bus}' }).`,
          { data: messageData(model, info, { bus }) },
        ),
      );
    } else if (handlers.length > 1) {
      out.push(
        diagnostic(
          'ambiguous-query-handlers',
          place,
          `handle() expects exactly one handler for ${name} on bus "${bus}", but ${handlers.length} run: ${handlers.map((d) => d.name).join(', ')}. It throws "handled multiple times": keep one, or restrict the others with { bus } or { fromTransport }.`,
          { data: messageData(model, info, { bus }) },
        ),
      );
    }
  }
  return out;
}

/** Routed here (by an exact routing key) but dispatched nowhere in the project and handled by no one. */
function routedWithoutHandler(model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (model.registrationUnknown) return out;
  const dispatched = new Set(model.dispatches.flatMap((d) => (d.message ? [d.message.key] : [])));
  for (const { rule, resolution } of model.routingKeys) {
    if (resolution.kind !== 'class' || dispatched.has(resolution.cls.key)) continue;
    const cls: ClassRef = resolution.cls;
    const handled = rule.transports.some((t) =>
      [...model.config.buses.keys()].some((bus) => handlersFor(model, cls, bus, t).length > 0),
    );
    if (handled || cls.decl.isAbstract) continue;
    out.push(
      diagnostic(
        'missing-handler',
        at(rule.location),
        `${model.messages.get(cls.key)?.typeName ?? cls.decl.name} is routed to "${rule.transports.join('", "')}", but no registered handler takes it from there, and it is not dispatched in this project: add a handler, or remove the rule if another application consumes it.`,
        {
          confidence: 'probable',
          data: {
            className: cls.decl.name,
            classFile: cls.file,
            ...(model.bootstrap === undefined ? {} : { targetFile: model.bootstrap.file }),
          },
        },
      ),
    );
  }
  return out;
}

/** Handlers bound with fromTransport to a transport their message never reaches. */
function unreachableHandlers(model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  const transports = [...model.config.transports.keys()];
  for (const def of model.handlerDefs) {
    if (
      def.fromTransport === undefined ||
      def.handles === undefined ||
      def.handles === '*' ||
      !model.registeredHandlerClasses.has(def.cls.key)
    )
      continue;
    const place = { file: def.cls.file, range: def.optionRanges['fromTransport'] ?? def.decoratorRange };
    const info = model.messages.get(def.handles.key);
    if (!model.config.transports.has(def.fromTransport)) {
      const closest = closestName(def.fromTransport, transports);
      out.push(
        diagnostic(
          'unreachable-handler',
          place,
          `fromTransport "${def.fromTransport}" is not a configured transport${didYouMean(def.fromTransport, transports)}: ${def.name} never runs for received messages. Configured transports: ${transports.join(', ') || 'none'}.`,
          { data: { unknownName: def.fromTransport, ...(closest === undefined ? {} : { closestName: closest }) } },
        ),
      );
    } else if (
      info !== undefined &&
      info.routes.length > 0 &&
      !info.routes.some((r) => r.transport === def.fromTransport)
    ) {
      const config = configFile(model);
      out.push(
        diagnostic(
          'unreachable-handler',
          place,
          `${info.typeName} is routed to "${info.routes.map((r) => r.transport).join('", "')}", never to "${def.fromTransport}": ${def.name} never runs. Route ${info.typeName} to "${def.fromTransport}", or change fromTransport.`,
          {
            data: {
              className: info.cls.decl.name,
              classFile: info.cls.file,
              transport: def.fromTransport,
              ...(config ? { targetFile: config } : {}),
            },
          },
        ),
      );
    }
  }
  return out;
}
