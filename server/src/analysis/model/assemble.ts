import {
  type Autoload,
  type ConfigReadResult,
  DEFAULT_AUTOLOAD,
  type MessengerConfig,
  type NameClash,
  type RoutingKeyResolution,
  type Route,
  type RoutingRuleConfig,
  type TransportFactoryRegistry,
} from '@messenger-ts/runtime/rules';
import type { FileFacts, Range, ValueExpr } from '../facts/types.js';
import type { Application, CustomTransportFactories } from './application.js';
import { type Bootstrap, optionKeys } from './bootstrap.js';
import { type Abstract, Evaluator, type InstantiationSites } from './evaluate.js';
import { type HandlerDef, handlerDefinitions, type HandlerEntry, handlerEntries } from './handlers.js';
import type { ClassRef, ProjectIndex } from './ProjectIndex.js';
import { transportFactoriesOf } from './readConfig.js';
import { registerHandlers, registration } from './registration.js';
import { type RoutingTable, routesOf, routingTable } from './routing.js';
import {
  asMessageOf,
  type AsMessageInfo,
  messageRegistry,
  resolveRoutingKey,
  type StaticRegistry,
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
  /** Where the bus's name is written, when one is (`getBus('…')`); `certain` when called on the messenger itself. */
  readonly busOrigin: { readonly file: string; readonly range: Range; readonly certain: boolean } | undefined;
}

export interface RoutingKey {
  readonly rule: RoutingRuleConfig;
  readonly resolution: RoutingKeyResolution<ClassRef>;
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
  /** Classes registered under a name another class has (createMessenger() refuses them), routing keys aside. */
  readonly nameClashes: readonly NameClash<ClassRef>[];
  readonly routingKeys: readonly RoutingKey[];
  /** messenger.yaml's routing by resolved class key (or `*`). */
  readonly routing: RoutingTable;
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
  /** The transport factories createMessenger() would have, the application's own as stand-ins. */
  readonly transportFactoryRegistry: TransportFactoryRegistry;
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
  const byBus = registerHandlers(index, registeredClasses, defsByClass, [...config.buses.keys()]);
  const registry = messageRegistry(index, input.projectDir);
  // As createMessenger() registers them: the `messages` option, then each handled class (once: the analysis goes on after a clash).
  const handled = [...byBus.values()].flatMap((byMessage) =>
    [...byMessage].flatMap(([key, defs]) => (key === '*' ? [] : [defs[0]!.handles as ClassRef])),
  );
  const nameClashes: NameClash<ClassRef>[] = [];
  for (const cls of new Set([...messageOption(evaluator, bootstrap), ...handled]))
    if (!registry.has(cls)) nameClashes.push(...registry.register(cls));
  const autoload = autoloadOption(bootstrap);
  const routingKeys = config.routing.map((rule) => ({
    rule,
    resolution: resolveRoutingKey(index, registry, rule, input.projectDir, autoload),
  }));
  const dispatches = dispatchSites(evaluator, input.facts);
  const handlerDefs = [...defsByClass.values()].flat();
  const messages = collectMessages(index, { dispatches, handlerDefs, routingKeys, registry, bootstrap, evaluator });
  const routing = routingTable(routingKeys);
  for (const info of messages.values()) info.routes = routesOf(index, routing, info.cls);
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
    nameClashes,
    routingKeys,
    routing,
    messages,
    dispatches,
    autoload,
    provided: providedOptions(bootstrap),
    transportFactories: input.app.transportFactories,
    transportFactoryRegistry: transportFactoriesOf(input.app.transportFactories?.schemes ?? []),
  };
}

function providedOptions(bootstrap: Bootstrap | undefined): Model['provided'] {
  if (bootstrap === undefined) return { middleware: undefined, services: undefined, validator: true };
  return {
    middleware: optionKeys(bootstrap, 'middleware'),
    services: optionKeys(bootstrap, 'services'),
    validator: bootstrap.open || bootstrap.options['validator'] !== undefined,
  };
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
      const receiver = evaluator.evaluate(file, d.receiver, d.inClass);
      const buses = evaluator.busOf(receiver);
      if (buses === null && d.via === 'dispatch') continue;
      const message = messageClassOf(evaluator.evaluate(file, d.message, d.inClass));
      const busOrigin = receiver.kind === 'bus' ? receiver.origin : undefined;
      sites.push({ file, range: d.range, via: d.via, message, buses: buses ?? undefined, busOrigin });
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
