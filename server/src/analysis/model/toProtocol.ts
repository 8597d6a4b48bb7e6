import { maskDsn } from '@messenger-ts/runtime/contract';
import type {
  BusModel,
  HandlerModel,
  MessageModel,
  ProjectModel,
  PropertyModel,
  TransportModel,
} from '../../protocol.js';
import { rangeOf } from '../diagnostics/config.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { MemberFact, TypeExpr } from '../facts/types.js';
import type { Model } from './assemble.js';
import type { HandlerDef } from './handlers.js';
import type { ClassRef } from './ProjectIndex.js';
import { dsnScheme, handlersFor, staticHandlerMapping, transportSerializes } from './queries.js';

/** The model as the protocol's plain JSON (DSNs masked), for the editor's views. */
export function toProjectModel(model: Model, diagnostics: readonly Diagnostic[]): ProjectModel {
  const config = model.config;
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return {
    projectDir: model.projectDir,
    env: config.env,
    configFiles: config.files,
    bootstrap: model.bootstrap ? { file: model.bootstrap.file, range: model.bootstrap.call.range } : undefined,
    defaultBus: config.defaultBus,
    buses: [...config.buses.values()].map(
      (bus): BusModel => ({
        name: bus.name,
        isDefault: bus.name === config.defaultBus,
        defaultMiddleware: bus.defaultMiddleware,
        middleware: bus.middleware.map((m) => m.id),
        location: bus.location ? { file: bus.location.file, range: rangeOf(bus.location) } : undefined,
      }),
    ),
    transports: [...config.transports.values()].map(
      (t): TransportModel => ({
        name: t.name,
        dsn: maskDsn(t.dsn),
        scheme: dsnScheme(t.dsn),
        serializes: transportSerializes(model, t),
        failureTransport: t.failureTransport ?? config.failureTransport,
        retryStrategy: {
          maxRetries: t.retryStrategy.maxRetries,
          delay: t.retryStrategy.delay,
          multiplier: t.retryStrategy.multiplier,
          maxDelay: t.retryStrategy.maxDelay,
          service: t.retryStrategy.service,
        },
        location: { file: t.location.file, range: rangeOf(t.location) },
      }),
    ),
    failureTransport: config.failureTransport,
    routing: model.routingKeys.map(({ rule, resolution }) => ({
      message: rule.message,
      transports: rule.transports,
      location: { file: rule.location.file, range: rangeOf(rule.location) },
      resolvedTo: resolution.kind === 'wildcard' ? '*' : resolution.kind === 'class' ? resolution.cls.key : undefined,
    })),
    messages: [...model.messages.values()].map((info) => messageModel(model, info.cls)),
    handlers: model.handlerDefs.map((def) => handlerModel(model, def)),
    dispatches: model.dispatches.map((site) => ({
      location: { file: site.file, range: site.range },
      via: site.via,
      message: site.message?.key,
      messageName: site.message ? model.messages.get(site.message.key)?.typeName : undefined,
      buses: site.buses,
    })),
    handlerMapping: staticHandlerMapping(model),
    diagnosticCounts: counts,
  };
}

function messageModel(model: Model, cls: ClassRef): MessageModel {
  const info = model.messages.get(cls.key)!;
  const handlers: Record<string, string[]> = {};
  for (const bus of model.byBus.keys()) handlers[bus] = handlersFor(model, cls, bus).map((d) => d.id);
  return {
    id: cls.key,
    name: info.typeName,
    className: cls.decl.name,
    location: { file: cls.file, range: cls.decl.range },
    parent: model.index.parentOf(cls)?.key,
    abstract: cls.decl.isAbstract,
    registered: model.registry.has(cls),
    origins: [...info.origins],
    asMessage: info.asMessage ? { transports: info.asMessage.transports, type: info.asMessage.type } : undefined,
    routes: info.routes.map((r) => ({ transport: r.transport, source: r.source, matched: r.matched })),
    properties: classProperties(model, cls, new Set([cls.key]), 0),
    handlers,
  };
}

function handlerModel(model: Model, def: HandlerDef): HandlerModel {
  const registered = model.registeredHandlerClasses.has(def.cls.key);
  return {
    id: def.id,
    name: def.name,
    className: def.cls.decl.name,
    method: def.method,
    handles: def.handles === '*' ? '*' : def.handles?.key,
    handlesName:
      def.handles === '*'
        ? '*'
        : def.handles === undefined
          ? undefined
          : (model.messages.get(def.handles.key)?.typeName ?? def.handles.decl.name),
    inferred: def.missingArgument,
    bus: def.bus,
    fromTransport: def.fromTransport,
    priority: def.priority,
    registered,
    buses: registered
      ? [...model.byBus]
          .filter(([, byMessage]) => [...byMessage.values()].some((defs) => defs.includes(def)))
          .map(([bus]) => bus)
      : [],
    location: { file: def.cls.file, range: def.decoratorRange },
  };
}

const MAX_DEPTH = 4;

function classProperties(model: Model, cls: ClassRef, seen: ReadonlySet<string>, depth: number): PropertyModel[] {
  const chain: ClassRef[] = [];
  for (let c: ClassRef | undefined = cls; c !== undefined && !chain.includes(c); c = model.index.parentOf(c))
    chain.unshift(c);
  return chain.flatMap((owner) => owner.decl.properties.map((p) => property(model, owner.file, p, seen, depth)));
}

function property(
  model: Model,
  file: string,
  member: MemberFact,
  seen: ReadonlySet<string>,
  depth: number,
): PropertyModel {
  const base: PropertyModel = {
    name: member.name,
    type: member.typeText,
    optional: member.optional,
    location: { file, range: member.range },
  };
  const target = member.type === undefined ? undefined : namedType(member.type);
  if (target === undefined || depth >= MAX_DEPTH) return base;
  if (target.kind === 'obj')
    return { ...base, properties: target.members.map((m) => property(model, file, m, seen, depth + 1)) };
  const resolved = model.index.resolve(file, target.name);
  if (resolved.kind === 'class') {
    const key = resolved.cls.key;
    return seen.has(key)
      ? { ...base, classId: key }
      : { ...base, classId: key, properties: classProperties(model, resolved.cls, new Set([...seen, key]), depth + 1) };
  }
  if (resolved.kind === 'interface') {
    const key = `${resolved.file}#${resolved.decl.name}`;
    return seen.has(key)
      ? base
      : {
          ...base,
          properties: resolved.decl.members.map((m) =>
            property(model, resolved.file, m, new Set([...seen, key]), depth + 1),
          ),
        };
  }
  return base;
}

/** The one named or object type a property holds (through arrays and `| null`), if any. */
function namedType(type: TypeExpr): Extract<TypeExpr, { kind: 'ref' } | { kind: 'obj' }> | undefined {
  if (type.kind === 'ref' && (type.name === 'Array' || type.name === 'ReadonlyArray') && type.args?.[0])
    return namedType(type.args[0]);
  if (type.kind === 'ref' || type.kind === 'obj') return type;
  if (type.kind === 'array') return namedType(type.elem);
  if (type.kind === 'union') {
    const named = type.types.filter((t) => !(t.kind === 'kw' && (t.name === 'null' || t.name === 'undefined')));
    return named.length === 1 ? namedType(named[0]!) : undefined;
  }
  return undefined;
}
