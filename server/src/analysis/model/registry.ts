import { join, relative } from 'node:path';
import {
  type Autoload,
  isNamespacedName,
  isNamespaceWildcard,
  MODULE_EXTENSIONS,
  namespacedNameToModule,
  namespaceWildcardProblem,
  shortClassName,
  WILDCARD,
  type RoutingRuleConfig,
} from '@messenger-ts/runtime';
import type { Range } from '../facts/types.js';
import { isSourceFile } from '../project/files.js';
import { isRuntimeDecorator } from './handlers.js';
import type { ClassRef, ProjectIndex } from './ProjectIndex.js';

export interface AsMessageInfo {
  readonly transports: readonly string[];
  readonly type: string | undefined;
  readonly range: Range;
}

/** The @AsMessage options written on this very class. */
export function asMessageOf(index: ProjectIndex, cls: ClassRef): AsMessageInfo | undefined {
  const decorator = cls.decl.decorators.find((d) => isRuntimeDecorator(index, cls.file, d, 'AsMessage'));
  if (decorator === undefined) return undefined;
  const options = decorator.args[0]?.kind === 'obj' ? decorator.args[0].props : {};
  const transport = options['transport'];
  const transports =
    transport?.kind === 'str'
      ? [transport.value]
      : transport?.kind === 'array'
        ? transport.items.flatMap((t) => (t.kind === 'str' ? [t.value] : []))
        : [];
  const type = options['type']?.kind === 'str' ? options['type'].value : undefined;
  return { transports, type, range: decorator.range };
}

/** The name a message class goes by on the wire and in `messenger debug`. */
export function typeNameOf(index: ProjectIndex, cls: ClassRef): string {
  return asMessageOf(index, cls)?.type ?? cls.decl.name;
}

/**
 * The static twin of the runtime's MessageTypeRegistry: the classes an application
 * registered, by type name, class name, and alias. Unlike the runtime it keeps going on a
 * name clash and records it, so every clash can be reported.
 */
export class StaticRegistry {
  private readonly byName = new Map<string, ClassRef>();
  readonly registered = new Map<string, ClassRef>();
  readonly clashes: Array<{ readonly name: string; readonly first: ClassRef; readonly second: ClassRef }> = [];

  constructor(private readonly index: ProjectIndex) {}

  register(cls: ClassRef, ...aliases: string[]): void {
    this.registered.set(cls.key, cls);
    for (const name of new Set([typeNameOf(this.index, cls), cls.decl.name, ...aliases])) {
      const existing = this.byName.get(name);
      if (existing === undefined) this.byName.set(name, cls);
      // One clash per pair of classes, on the first name they share.
      else if (existing.key !== cls.key && !this.clashes.some((c) => c.first === existing && c.second === cls))
        this.clashes.push({ name, first: existing, second: cls });
    }
  }

  get(name: string): ClassRef | undefined {
    return this.byName.get(name) ?? this.byName.get(shortClassName(name));
  }

  getExact(name: string): ClassRef | undefined {
    return this.byName.get(name);
  }

  has(cls: ClassRef): boolean {
    return this.registered.has(cls.key);
  }
}

export type RoutingKeyResolution =
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'class'; readonly cls: ClassRef }
  | { readonly kind: 'unknown'; readonly message: string }
  | { readonly kind: 'ambiguous'; readonly message: string };

/**
 * Resolves routing keys as the runtime's resolveRoutingKeys does: an exact registered name,
 * then for a namespaced key the export its autoload file provides (which joins the registry),
 * then a registered class with the key's short name.
 */
export function resolveRoutingKey(
  index: ProjectIndex,
  registry: StaticRegistry,
  rule: RoutingRuleConfig,
  projectDir: string,
  autoload: Autoload,
): RoutingKeyResolution {
  if (rule.message === WILDCARD) return { kind: 'wildcard' };
  if (isNamespaceWildcard(rule.message)) return { kind: 'unknown', message: namespaceWildcardProblem(rule.message) };
  const known = registry.getExact(rule.message);
  if (known !== undefined) return { kind: 'class', cls: known };
  const fromFile = isNamespacedName(rule.message)
    ? resolveFromFile(index, registry, rule, projectDir, autoload)
    : undefined;
  if (fromFile !== undefined) return fromFile;
  const byShortName = registry.get(rule.message);
  if (byShortName !== undefined) return { kind: 'class', cls: byShortName };
  if (!isNamespacedName(rule.message)) {
    const candidates = [...index.classes.values()].filter(
      (c) => c.decl.name === rule.message || typeNameOf(index, c) === rule.message,
    );
    const hint =
      candidates.length === 0
        ? 'no class of the project has that name either'
        : `${candidates.map((c) => `class ${c.decl.name} in ${relative(projectDir, c.file)}`).join(' and ')} ${candidates.length === 1 ? 'exists but is' : 'exist but are'} not registered: give it a handler, list it in createMessenger({ messages: [...] }), or use its namespaced name`;
    return {
      kind: 'unknown',
      message: `Invalid routing: no registered message class is named "${rule.message}" (${hint}).`,
    };
  }
  const target = namespacedNameToModule(rule.message, autoload);
  if (target === undefined) {
    return {
      kind: 'unknown',
      message: `Invalid routing: "${rule.message}" matches no autoload prefix (${Object.keys(autoload).join(', ')}), so no file can be found for it.`,
    };
  }
  return {
    kind: 'unknown',
    message: `Invalid routing: class "${rule.message}" not found: expected an export "${target.exportName}" in ${target.modulePath}.ts. Interfaces do not exist at run time: route by class or parent class.`,
  };
}

// The runtime's order, without .js/.mjs: the analysis reads TypeScript sources only, so a class in a JavaScript module is not seen.
const ANALYSED_EXTENSIONS = MODULE_EXTENSIONS.filter((ext) => isSourceFile(`module${ext}`));

/** The class the key's autoload file exports, registered under the key; undefined when there is none. */
function resolveFromFile(
  index: ProjectIndex,
  registry: StaticRegistry,
  rule: RoutingRuleConfig,
  projectDir: string,
  autoload: Autoload,
): RoutingKeyResolution | undefined {
  const target = namespacedNameToModule(rule.message, autoload);
  if (target === undefined) return undefined;
  const file = ANALYSED_EXTENSIONS.map((ext) => join(projectDir, target.modulePath + ext)).find((candidate) =>
    index.facts.has(candidate),
  );
  const exported = file === undefined ? undefined : index.exportOf({ kind: 'file', path: file }, target.exportName, 0);
  if (exported?.kind !== 'class') return undefined;
  const clashesBefore = registry.clashes.length;
  registry.register(exported.cls, rule.message);
  if (registry.clashes.length > clashesBefore) {
    // Reported here, on the routing key, as the runtime does: not again as a registration clash.
    const clash = registry.clashes.splice(clashesBefore)[0]!;
    return {
      kind: 'ambiguous',
      message: `Two message classes are registered under the name "${clash.name}": ${clash.first.decl.name} (${relative(projectDir, clash.first.file)}) and ${clash.second.decl.name} (${relative(projectDir, clash.second.file)}). Give one a distinct wire name with @AsMessage({ type: '…' }), e.g. its namespaced form.`,
    };
  }
  return { kind: 'class', cls: exported.cls };
}
