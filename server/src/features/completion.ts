import { relative } from 'node:path';
import { maskDsn } from '@messenger-ts/runtime/contract';
import { configKeys, moduleToNamespacedName, SYMFONY_SERIALIZER } from '@messenger-ts/runtime/rules';
import { type CompletionItem, CompletionItemKind, type CompletionList, type Range } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/index.js';
import type { Model } from '../analysis/model/assemble.js';
import { isSourceFile } from '../analysis/project/files.js';
import type { Position } from '../protocol.js';
import type { PositionFeature } from './Feature.js';
import { isConfigDocument } from './shared/occurrences.js';
import { nameSites, parseFile, unquotedOptionAt, within } from './shared/syntax.js';
import { type YamlContext, yamlContext } from './shared/yamlContext.js';
import { fuzzyMatcher } from './shared/fuzzyMatch.js';

const {
  BUILTIN_MIDDLEWARE,
  BUS_KEYS,
  DEFAULT_MIDDLEWARE_KEYS,
  MESSENGER_KEYS,
  RETRY_STRATEGY_KEYS,
  ROUTING_KEYS,
  SERIALIZER_KEYS,
  SYMFONY_SERIALIZER_KEYS,
  TRANSPORT_KEYS,
} = configKeys;

/** Items, or a list cut short (routing keys) that the client must ask for again as the user types. */
type Completions = CompletionItem[] | CompletionList;

/**
 * `textDocument/completion`. In messenger.yaml: the keys of each section, transport names in
 * routing and failure_transport, message classes as routing keys (the names the runtime
 * accepts), DSNs (schemes, `%env()%` of the .env variables), transport options and their
 * values by DSN scheme, bus names, middleware ids. In
 * TypeScript: transport names for `fromTransport` and `@AsMessage`'s `transport`, and in
 * `TransportNamesStamp`; bus names for `bus` and `getBus()`.
 */
export const completion: PositionFeature<CompletionList | null> = {
  scope: 'position',
  method: 'textDocument/completion',
  capabilities: { completionProvider: { triggerCharacters: ["'", '"'] } },
  // Names come from the project; the document's text is read as it is now.
  analysis: 'latest',
  answer(analysis, document, position) {
    const text = analysis.text(document.file);
    if (text === undefined) return null;
    const found: Completions = isSourceFile(document.file)
      ? codeCompletions(analysis, document.file, text, position)
      : isConfigDocument(analysis, document.file)
        ? yamlCompletions(analysis.model, text, position)
        : [];
    const list = Array.isArray(found) ? { isIncomplete: false, items: found } : found;
    return list.items.length === 0 ? null : list;
  },
};

function codeCompletions(analysis: AnalysisResult, file: string, text: string, position: Position): CompletionItem[] {
  const parsed = parseFile(file, text);
  if (parsed === undefined) return [];
  const site = nameSites(parsed).find((s) => within(s.range, position));
  if (site !== undefined)
    return site.kind === 'transport'
      ? transportItems(analysis.model, site.range)
      : busItems(analysis.model, site.range);
  // Not quoted yet: the names come with their quotes.
  const offset = parsed.offsetOf(position);
  const option = offset === undefined ? undefined : unquotedOptionAt(parsed, offset);
  if (option === undefined) return [];
  const items =
    option.kind === 'transport' ? transportItems(analysis.model, option.range) : busItems(analysis.model, option.range);
  return items.map((item) => ({ ...item, textEdit: { range: option.range, newText: `'${item.label}'` } }));
}

// Short details, no documentation: a list is sent whole, and the hover says the rest.
function transportItems(model: Model, range: Range, except?: string): CompletionItem[] {
  return [...model.config.transports.values()]
    .filter((transport) => transport.name !== except)
    .map((transport) => ({
      label: transport.name,
      kind: CompletionItemKind.Value,
      detail: `transport ${maskDsn(transport.dsn)}`,
      textEdit: { range, newText: transport.name },
    }));
}

function busItems(model: Model, range: Range): CompletionItem[] {
  return [...model.config.buses.keys()].map((name) => ({
    label: name,
    kind: CompletionItemKind.Value,
    detail: name === model.config.defaultBus ? 'bus (default)' : 'bus',
    textEdit: { range, newText: name },
  }));
}

function words(values: readonly string[], range: Range, kind: CompletionItemKind, detail: string): CompletionItem[] {
  return values.map((label) => ({ label, kind, detail, textEdit: { range, newText: label } }));
}

function keys(values: readonly string[], context: YamlContext, detail: string): CompletionItem[] {
  return words(values, context.range, CompletionItemKind.Property, detail);
}

function yamlCompletions(model: Model, text: string, position: Position): Completions {
  const context = yamlContext(text, position);
  if (context === undefined) return [];
  const start = context.path.indexOf('messenger');
  if (start === -1 || context.path[start - 1] !== 'framework') {
    if (context.at !== 'key') return [];
    if (context.path.length === 0) return keys(['framework'], context, 'messenger.yaml');
    if (context.path.at(-1) === 'framework') return keys(['messenger'], context, 'framework');
    return [];
  }
  const path = context.path.slice(start + 1);
  switch (context.at) {
    case 'key':
      return keyCompletions(model, path, context);
    case 'value':
      return valueCompletions(model, path, context.key!, context);
    case 'item':
      return itemCompletions(model, path, context);
  }
}

function keyCompletions(model: Model, path: readonly string[], context: YamlContext): Completions {
  const [section, name, sub] = path;
  if (path.length === 0) return keys(MESSENGER_KEYS, context, 'framework.messenger');
  if (section === 'routing' && path.length === 1) return routingKeyItems(model, context);
  if (section === 'routing' && path.length === 2) return keys(ROUTING_KEYS, context, 'routing rule');
  if (section === 'transports' && path.length === 2) return keys(TRANSPORT_KEYS, context, `transport ${name}`);
  if (section === 'transports' && sub === 'retry_strategy' && path.length === 3)
    return keys(RETRY_STRATEGY_KEYS, context, 'retry_strategy');
  if (section === 'transports' && sub === 'options' && path.length === 3) return optionItems(model, name!, context);
  if (section === 'buses' && path.length === 2) return keys(BUS_KEYS, context, `bus ${name}`);
  if (section === 'buses' && sub === 'default_middleware' && path.length === 3)
    return keys(DEFAULT_MIDDLEWARE_KEYS, context, 'default_middleware');
  if (section === 'serializer' && path.length === 1) return keys(SERIALIZER_KEYS, context, 'serializer');
  if (section === 'serializer' && name === 'symfony_serializer' && path.length === 2)
    return keys(SYMFONY_SERIALIZER_KEYS, context, 'symfony_serializer');
  return [];
}

function valueCompletions(model: Model, path: readonly string[], key: string, context: YamlContext): CompletionItem[] {
  const [section, name, sub] = path;
  const { range } = context;
  if (key === 'failure_transport' && (path.length === 0 || (section === 'transports' && path.length === 2)))
    return transportItems(model, range, path.length === 2 ? name : undefined);
  if (key === 'default_bus' && path.length === 0) return busItems(model, range);
  if (section === 'routing' && (path.length === 1 || (path.length === 2 && key === 'senders')))
    return transportItems(model, range);
  if (
    (section === 'transports' && path.length === 1) ||
    (section === 'transports' && path.length === 2 && key === 'dsn')
  )
    return [
      // YAML reads a plain value starting with `%` as a directive: unquoted, it gets its quotes.
      ...Object.keys(model.config.dotenvVariables).map((name) => {
        const label = `%env(${name})%`;
        const newText = context.quoted ? label : `'${label}'`;
        return {
          label,
          kind: CompletionItemKind.Variable,
          detail: 'from .env',
          filterText: newText,
          textEdit: { range, newText },
        };
      }),
      ...words(
        model.transportFactoryRegistry.schemes().map((scheme) => `${scheme}://`),
        range,
        CompletionItemKind.Value,
        'DSN scheme',
      ),
    ];
  if (section === 'transports' && sub === 'options' && path.length === 3)
    return optionValueItems(model, name!, key, range);
  if (section === 'buses' && path.length === 2 && key === 'default_middleware')
    return words(['true', 'false', 'allow_no_handlers'], range, CompletionItemKind.EnumMember, 'default_middleware');
  if (key === 'serializer' || key === 'default_serializer')
    return words([SYMFONY_SERIALIZER], range, CompletionItemKind.Value, 'serializer');
  if (section === 'buses' && key === 'middleware') return middlewareItems(model, range);
  return [];
}

function itemCompletions(model: Model, path: readonly string[], context: YamlContext): CompletionItem[] {
  const [section, , sub] = path;
  if (section === 'routing' && (path.length === 2 || (path.length === 3 && sub === 'senders')))
    return transportItems(model, context.range);
  if (section === 'buses' && path.length === 3 && sub === 'middleware') return middlewareItems(model, context.range);
  if (section === 'stop_worker_on_signals' && path.length === 1)
    return words(['SIGTERM', 'SIGINT', 'SIGQUIT'], context.range, CompletionItemKind.EnumMember, 'signal');
  return [];
}

function middlewareItems(model: Model, range: Range): CompletionItem[] {
  const provided = model.provided.middleware ?? [];
  return [
    ...words(BUILTIN_MIDDLEWARE, range, CompletionItemKind.Module, 'built-in middleware'),
    ...words(
      provided.filter((id) => !(BUILTIN_MIDDLEWARE as readonly string[]).includes(id)),
      range,
      CompletionItemKind.Module,
      'createMessenger({ middleware })',
    ),
  ];
}

/** The transport's factory, by the DSN it has: what its options are. */
function factoryOf(model: Model, transport: string) {
  const config = model.config.transports.get(transport);
  if (config === undefined) return undefined;
  try {
    return model.transportFactoryRegistry.factoryFor(config.dsn);
  } catch {
    return undefined;
  }
}

function optionItems(model: Model, transport: string, context: YamlContext): CompletionItem[] {
  const factory = factoryOf(model, transport);
  if (factory === undefined) return [];
  return Object.entries(factory.options).map(([name, spec]) => ({
    label: name,
    kind: CompletionItemKind.Property,
    detail: `${spec.type}${spec.default === undefined ? '' : ` = ${JSON.stringify(spec.default)}`} (${factory.label})`,
    documentation: spec.description,
    textEdit: { range: context.range, newText: name },
  }));
}

function optionValueItems(model: Model, transport: string, option: string, range: Range): CompletionItem[] {
  const spec = factoryOf(model, transport)?.options[option];
  if (spec === undefined) return [];
  const values = spec.type === 'boolean' ? ['true', 'false'] : [];
  if (spec.default !== undefined && spec.type !== 'boolean' && typeof spec.default !== 'object')
    values.push(String(spec.default));
  return words(values, range, CompletionItemKind.Value, `${option} (${spec.type})`);
}

/** At most this many routing keys in one answer: the list is marked incomplete, and the client asks again as the user types. */
const MAX_ROUTING_KEYS = 200;

/**
 * Message classes as routing keys: the namespaced name the runtime imports by (`App\Message\X`,
 * from the autoload map), and the name it registered the class under. Messages not routed yet
 * come first; only those whose name has the letters typed, in order.
 */
function routingKeyItems(model: Model, context: YamlContext): CompletionList {
  const matches = fuzzyMatcher(context.prefix);
  const candidates = routingKeyCandidates(model).filter((candidate) => matches(candidate.label));
  const items = candidates.slice(0, MAX_ROUTING_KEYS).map(
    ({ label, detail }, index): CompletionItem => ({
      label,
      kind: CompletionItemKind.Class,
      detail,
      sortText: String(index).padStart(4, '0'),
      textEdit: { range: context.range, newText: label },
    }),
  );
  return { items, isIncomplete: candidates.length > MAX_ROUTING_KEYS };
}

interface RoutingKeyCandidate {
  readonly label: string;
  readonly detail: string;
}

/** Every routing key the runtime accepts, messages not routed yet first: built once per model. */
const candidatesByModel = new WeakMap<Model, readonly RoutingKeyCandidate[]>();

function routingKeyCandidates(model: Model): readonly RoutingKeyCandidate[] {
  const cached = candidatesByModel.get(model);
  if (cached !== undefined) return cached;
  const candidates: Array<RoutingKeyCandidate & { routed: boolean }> = [];
  const seen = new Set<string>();
  const add = (label: string, detail: string, routed: boolean): void => {
    if (seen.has(label)) return;
    seen.add(label);
    candidates.push({ label, detail, routed });
  };
  for (const info of model.messages.values()) {
    const file = relative(model.projectDir, info.cls.file).split('\\').join('/');
    const routed = info.routes.length > 0;
    if (info.cls.decl.exported) {
      const namespaced = moduleToNamespacedName(file, info.cls.decl.name, model.autoload);
      if (namespaced !== undefined) add(namespaced, file, routed);
    }
    if (model.registry.has(info.cls)) add(model.registry.nameOf(info.cls), `${file} (registered name)`, routed);
  }
  add('*', 'every message no other rule routes', true);
  candidates.sort((a, b) => Number(a.routed) - Number(b.routed));
  candidatesByModel.set(model, candidates);
  return candidates;
}
