import {
  type Autoload,
  type ConfigReadResult,
  DEFAULT_AUTOLOAD,
  listTypes,
  type MessengerConfig,
  resolveRoutes,
  type Route,
  type RoutingRuleConfig,
} from '@messenger-ts/runtime';
import type { FileFacts, Range, ValueExpr } from '../facts/types.js';
import type { Application, CustomTransportFactories } from './application.js';
import { type Bootstrap, optionKeys } from './bootstrap.js';
import { type Abstract, Evaluator, type InstantiationSites } from './evaluate.js';
import { type HandlerDef, handlerDefinitions, type HandlerEntry, handlerEntries } from './handlers.js';
import type { ClassRef, ProjectIndex } from './ProjectIndex.js';
import {
  asMessageOf,
  type AsMessageInfo,
  resolveRoutingKey,
  type RoutingKeyResolution,
  StaticRegistry,
  typeNameOf,
} from './registry.js';

export type Origin = 'dispatched' | 'handled' | 'routed' | 'attribute' | 'registered';

export interface MessageInfo {
  readonly cls: ClassRef;
  readonly typeName: string;
  readonly asMessage: AsMessageInfo | undefined;
  readonly origins: Set<Origin>;
  routes: readonly Route<string>[];
}

export interface DispatchSite {
  readonly file: string;
  readonly range: Range;
  readonly via: 'dispatch' | 'handle';
  readonly message: ClassRef | undefined;
  /** The buses it may go through; undefined when it cannot be told. */
  readonly buses: readonly string[] | undefined;
}

export interface RoutingKey {
  readonly rule: RoutingRuleConfig;
  readonly resolution: RoutingKeyResolution;
}

/** Registered handlers per bus, by handled class key (or `*`), highest priority first: what the runtime builds. */
export type HandlersByBus = ReadonlyMap<string, ReadonlyMap<string, readonly HandlerDef[]>>;

/** The model: everything about one project's messaging, computed from facts and messenger.yaml. */
export interface Model {
  readonly projectDir: string;
  readonly config: MessengerConfig;
  readonly configResult: ConfigReadResult;
  /** messenger.yaml does not parse just now: `config` is the last one that did (see Workspace). */
  readonly configStale: boolean;
  readonly index: ProjectIndex;
  readonly evaluator: Evaluator;
  readonly bootstrap: Bootstrap | undefined;
  readonly bootstrapModule: string;
  readonly entries: readonly HandlerEntry[];
  /** Every @AsMessageHandler of the project, registered or not. */
  readonly handlerDefs: readonly HandlerDef[];
  readonly registeredHandlerClasses: ReadonlySet<string>;
  /**
   * createMessenger({ handlers }) holds something the analysis cannot follow: every decorated
   * handler is assumed registered, and nothing that depends on the exact list is concluded.
   */
  readonly registrationUnknown: boolean;
  readonly byBus: HandlersByBus;
  readonly registry: StaticRegistry;
  readonly routingKeys: readonly RoutingKey[];
  readonly messages: ReadonlyMap<string, MessageInfo>;
  readonly dispatches: readonly DispatchSite[];
  readonly autoload: Autoload;
  /** Option keys of createMessenger(), undefined when they cannot be listed. */
  readonly provided: {
    readonly middleware: readonly string[] | undefined;
    readonly services: readonly string[] | undefined;
    readonly validator: boolean;
  };
  readonly transportFactories: CustomTransportFactories | undefined;
}

export interface AssemblyInput {
  readonly projectDir: string;
  readonly facts: ReadonlyMap<string, FileFacts>;
  readonly app: Application;
  readonly config: ConfigReadResult;
  readonly configStale?: boolean;
}

export function assembleModel(input: AssemblyInput): Model {
  const config = input.config.config;
  const { index, bootstrap } = input.app;
  let sites: InstantiationSites | undefined;
  const evaluator = new Evaluator(index, config.defaultBus, () => (sites ??= instantiationSites(index)));
  const defsByClass = new Map<string, HandlerDef[]>();
  for (const cls of index.classes.values()) {
    if (cls.decl.decorators.length === 0 && !cls.decl.methods.some((m) => m.decorators.length > 0)) continue;
    const defs = handlerDefinitions(index, cls);
    if (defs.length > 0) defsByClass.set(cls.key, defs);
  }
  const entries =
    bootstrap === undefined ? [] : handlerEntries(evaluator, bootstrap.file, bootstrap.options['handlers']);
  const { registrationUnknown, registeredClasses } = registration(bootstrap, entries, defsByClass);
  const byBus = registerHandlers(registeredClasses, defsByClass, [...config.buses.keys()]);
  const registry = new StaticRegistry(index);
  for (const cls of messageOption(evaluator, bootstrap)) registry.register(cls);
  for (const byMessage of byBus.values()) {
    for (const [key, defs] of byMessage) if (key !== '*') registry.register(defs[0]!.handles as ClassRef);
  }
  const autoload = autoloadOption(bootstrap);
  const routingKeys = config.routing.map((rule) => ({
    rule,
    resolution: resolveRoutingKey(index, registry, rule, input.projectDir, autoload),
  }));
  const dispatches = dispatchSites(evaluator, input.facts);
  const handlerDefs = [...defsByClass.values()].flat();
  const messages = collectMessages(index, { dispatches, handlerDefs, routingKeys, registry, bootstrap, evaluator });
  computeRoutes(index, messages, routingKeys);
  return {
    projectDir: input.projectDir,
    config,
    configResult: input.config,
    configStale: input.configStale ?? false,
    index,
    evaluator,
    bootstrap,
    bootstrapModule: input.app.module,
    entries,
    handlerDefs,
    registeredHandlerClasses: new Set(registeredClasses),
    registrationUnknown,
    byBus,
    registry,
    routingKeys,
    messages,
    dispatches,
    autoload,
    provided: providedOptions(bootstrap),
    transportFactories: input.app.transportFactories,
  };
}

/** The handler classes createMessenger() registers; all decorated ones when there is no call to read, or entries it cannot follow. */
function registration(
  bootstrap: Bootstrap | undefined,
  entries: readonly HandlerEntry[],
  defsByClass: ReadonlyMap<string, HandlerDef[]>,
): { registrationUnknown: boolean; registeredClasses: string[] } {
  const registrationUnknown =
    bootstrap !== undefined &&
    ((bootstrap.open && bootstrap.options['handlers'] === undefined) || entries.some((e) => e.cls === undefined));
  const registeredClasses =
    bootstrap === undefined || registrationUnknown
      ? [...defsByClass.keys()]
      : entries.flatMap((e) => (e.cls ? [e.cls.key] : []));
  return { registrationUnknown, registeredClasses };
}

function providedOptions(bootstrap: Bootstrap | undefined): Model['provided'] {
  if (bootstrap === undefined) return { middleware: undefined, services: undefined, validator: true };
  return {
    middleware: optionKeys(bootstrap, 'middleware'),
    services: optionKeys(bootstrap, 'services'),
    validator: bootstrap.open || bootstrap.options['validator'] !== undefined,
  };
}

/** What the runtime's registerHandlers builds: per bus, per handled class, in registration order. */
function registerHandlers(
  classes: readonly string[],
  defsByClass: ReadonlyMap<string, readonly HandlerDef[]>,
  buses: readonly string[],
): HandlersByBus {
  const byBus = new Map(buses.map((bus) => [bus, new Map<string, HandlerDef[]>()]));
  for (const key of classes) {
    for (const def of defsByClass.get(key) ?? []) {
      if (def.handles === undefined || !def.methodExists || (def.bus !== undefined && !byBus.has(def.bus))) continue;
      const handles = def.handles === '*' ? '*' : def.handles.key;
      for (const bus of def.bus === undefined ? buses : [def.bus]) {
        const byMessage = byBus.get(bus)!;
        byMessage.set(handles, [...(byMessage.get(handles) ?? []), def]);
      }
    }
  }
  for (const byMessage of byBus.values())
    for (const defs of byMessage.values()) defs.sort((a, b) => b.priority - a.priority);
  return byBus;
}

function messageOption(evaluator: Evaluator, bootstrap: Bootstrap | undefined): ClassRef[] {
  const option = bootstrap?.options['messages'];
  if (bootstrap === undefined || option === undefined) return [];
  const list = evaluator.evaluate(bootstrap.file, option);
  if (list.kind !== 'array') return [];
  return list.items.flatMap((item) => {
    const value = evaluator.evaluate(list.file, item);
    return value.kind === 'class' ? [value.cls] : [];
  });
}

function autoloadOption(bootstrap: Bootstrap | undefined): Autoload {
  const option = bootstrap?.options['autoload'];
  if (option?.kind !== 'obj') return DEFAULT_AUTOLOAD;
  return Object.fromEntries(
    Object.entries(option.props).flatMap(([key, v]) => (v.kind === 'str' ? [[key, v.value]] : [])),
  );
}

function instantiationSites(index: ProjectIndex): InstantiationSites {
  const sites = new Map<string, Array<{ file: string; args: readonly ValueExpr[] }>>();
  for (const [file, facts] of index.facts) {
    for (const site of facts.news) {
      const cls = index.classNamed(file, site.cls);
      if (cls === undefined) continue;
      const list = sites.get(cls.key) ?? [];
      list.push({ file, args: site.args });
      sites.set(cls.key, list);
    }
  }
  return sites;
}

function messageClassOf(value: Abstract): ClassRef | undefined {
  if (value.kind === 'instance') return value.cls;
  if (value.kind === 'envelope') return messageClassOf(value.inner);
  return undefined;
}

function dispatchSites(evaluator: Evaluator, facts: ReadonlyMap<string, FileFacts>): DispatchSite[] {
  const sites: DispatchSite[] = [];
  for (const [file, fileFacts] of facts) {
    for (const d of fileFacts.dispatches) {
      if (d.via === 'handle') {
        const callee = evaluator.evaluate(file, d.callee);
        if (callee.kind !== 'runtime' || callee.name !== 'handle') continue;
      }
      const buses = evaluator.busOf(evaluator.evaluate(file, d.receiver, d.inClass));
      if (buses === null && d.via === 'dispatch') continue;
      const message = messageClassOf(evaluator.evaluate(file, d.message, d.inClass));
      sites.push({ file, range: d.range, via: d.via, message, buses: buses ?? undefined });
    }
  }
  return sites;
}

interface MessageSources {
  readonly dispatches: readonly DispatchSite[];
  readonly handlerDefs: readonly HandlerDef[];
  readonly routingKeys: readonly RoutingKey[];
  readonly registry: StaticRegistry;
  readonly bootstrap: Bootstrap | undefined;
  readonly evaluator: Evaluator;
}

/** Messages: classes dispatched, handled, routed, marked @AsMessage or registered. */
function collectMessages(index: ProjectIndex, sources: MessageSources): Map<string, MessageInfo> {
  const messages = new Map<string, MessageInfo>();
  const add = (cls: ClassRef | undefined, origin: Origin): void => {
    if (cls === undefined) return;
    let info = messages.get(cls.key);
    if (info === undefined) {
      info = {
        cls,
        typeName: typeNameOf(index, cls),
        asMessage: asMessageOf(index, cls),
        origins: new Set(),
        routes: [],
      };
      messages.set(cls.key, info);
    }
    info.origins.add(origin);
  };
  for (const site of sources.dispatches) add(site.message, 'dispatched');
  for (const def of sources.handlerDefs) if (def.handles !== '*') add(def.handles, 'handled');
  for (const key of sources.routingKeys) if (key.resolution.kind === 'class') add(key.resolution.cls, 'routed');
  for (const cls of index.classes.values())
    if (cls.decl.decorators.length > 0 && asMessageOf(index, cls) !== undefined) add(cls, 'attribute');
  for (const cls of messageOption(sources.evaluator, sources.bootstrap)) add(cls, 'registered');
  return messages;
}

/** Each message's transports and the rule behind each, by the runtime's own routing rule. */
function computeRoutes(
  index: ProjectIndex,
  messages: Map<string, MessageInfo>,
  routingKeys: readonly RoutingKey[],
): void {
  const configured = new Map<string, string[]>();
  for (const { rule, resolution } of routingKeys) {
    const key = resolution.kind === 'wildcard' ? '*' : resolution.kind === 'class' ? resolution.cls.key : undefined;
    if (key !== undefined) configured.set(key, [...(configured.get(key) ?? []), ...rule.transports]);
  }
  const lineage = { parentOf: (key: string) => index.parentOf(index.classes.get(key)!)?.key };
  for (const info of messages.values()) {
    info.routes = resolveRoutes(listTypes(info.cls.key, lineage), {
      configured: (type) => configured.get(type),
      attributes: (type) => asMessageOf(index, index.classes.get(type)!)?.transports,
    });
  }
}
