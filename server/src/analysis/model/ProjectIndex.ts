import type { AliasFact, ClassFact, FileFacts, InterfaceFact, ValueExpr } from '../facts/types.js';
import type { ModuleResolver, ModuleTarget } from '../project/resolveModule.js';

/** A class of the project, known everywhere by its key `file#Name`. */
export interface ClassRef {
  readonly key: string;
  readonly file: string;
  readonly decl: ClassFact;
}

/** What a name used in a file stands for. */
export type Resolved =
  | { readonly kind: 'class'; readonly cls: ClassRef }
  | { readonly kind: 'interface'; readonly file: string; readonly decl: InterfaceFact }
  | { readonly kind: 'alias'; readonly file: string; readonly decl: AliasFact }
  | { readonly kind: 'enum' }
  /** A module-level variable (`name`), or the default export expression (`name` undefined). */
  | { readonly kind: 'value'; readonly file: string; readonly value: ValueExpr; readonly name: string | undefined }
  | { readonly kind: 'runtime'; readonly name: string }
  | { readonly kind: 'external'; readonly module: string; readonly name: string }
  | {
      readonly kind: 'namespace';
      readonly target: { kind: 'file'; path: string } | { kind: 'runtime' } | { kind: 'external'; module: string };
    }
  | { readonly kind: 'global'; readonly name: string }
  | { readonly kind: 'none' };

/**
 * Resolutions kept across analyses: by reference (class key, file and name), rehydrated from
 * the current facts, so an edit inside a file keeps them valid. The workspace drops the cache
 * when what any file declares, imports or exports changes.
 */
export type ResolutionCache = Map<string, Map<string, CachedResolution>>;

type CachedResolution =
  | Exclude<Resolved, { kind: 'class' } | { kind: 'interface' } | { kind: 'alias' } | { kind: 'value' }>
  | { readonly kind: 'class'; readonly key: string }
  | { readonly kind: 'interface' | 'alias'; readonly file: string; readonly name: string }
  | { readonly kind: 'value'; readonly file: string; readonly name: string | undefined };

export function classKey(file: string, name: string): string {
  return `${file}#${name}`;
}

/**
 * Resolves names across the project's files through imports and exports (re-exports and
 * `export *` included), as the compiler would, but from the facts alone.
 */
export class ProjectIndex {
  readonly classes: ReadonlyMap<string, ClassRef>;

  /** `classes`: the class index when the caller keeps one up to date, else built from the facts. */
  constructor(
    readonly facts: ReadonlyMap<string, FileFacts>,
    private readonly modules: ModuleResolver,
    private readonly cache: ResolutionCache = new Map(),
    classes?: ReadonlyMap<string, ClassRef>,
  ) {
    this.classes = classes ?? buildClassIndex(facts);
  }

  /** A name (possibly dotted: `ns.Foo`) as used in `file`. */
  resolve(file: string, name: string): Resolved {
    // Two levels: no key string to build and hash on every lookup.
    let byName = this.cache.get(file);
    if (byName === undefined) {
      byName = new Map();
      this.cache.set(file, byName);
    }
    const cached = byName.get(name);
    const hydrated = cached === undefined ? undefined : this.hydrate(cached);
    if (hydrated !== undefined) return hydrated;
    const resolved = this.compute(file, name);
    byName.set(name, dehydrate(resolved));
    return resolved;
  }

  private hydrate(cached: CachedResolution): Resolved | undefined {
    switch (cached.kind) {
      case 'class': {
        const cls = this.classes.get(cached.key);
        return cls === undefined ? undefined : { kind: 'class', cls };
      }
      case 'interface': {
        const decl = this.facts.get(cached.file)?.interfaces.find((i) => i.name === cached.name);
        return decl === undefined ? undefined : { kind: 'interface', file: cached.file, decl };
      }
      case 'alias': {
        const decl = this.facts.get(cached.file)?.aliases.find((a) => a.name === cached.name);
        return decl === undefined ? undefined : { kind: 'alias', file: cached.file, decl };
      }
      case 'value': {
        const facts = this.facts.get(cached.file);
        const value = cached.name === undefined ? facts?.defaultExport : facts?.variables.get(cached.name);
        return value === undefined ? undefined : { kind: 'value', file: cached.file, value, name: cached.name };
      }
      default:
        return cached;
    }
  }

  private compute(file: string, name: string): Resolved {
    const dot = name.indexOf('.');
    if (dot === -1) return this.resolveLocal(file, name, 0);
    const head = this.resolveLocal(file, name.slice(0, dot), 0);
    const rest = name.slice(dot + 1);
    if (head.kind !== 'namespace' || rest.includes('.'))
      return head.kind === 'external'
        ? { kind: 'external', module: head.module, name: `${head.name}.${rest}` }
        : { kind: 'global', name };
    return this.exportOf(head.target, rest, 0);
  }

  private resolveLocal(file: string, name: string, depth: number): Resolved {
    const facts = this.facts.get(file);
    if (facts === undefined || depth > 16) return { kind: 'none' };
    const cls = this.classes.get(classKey(file, name));
    if (cls !== undefined) return { kind: 'class', cls };
    const iface = facts.interfaces.find((i) => i.name === name);
    if (iface !== undefined) return { kind: 'interface', file, decl: iface };
    const alias = facts.aliases.find((a) => a.name === name);
    if (alias !== undefined) return { kind: 'alias', file, decl: alias };
    if (facts.enums.includes(name)) return { kind: 'enum' };
    const variable = facts.variables.get(name);
    if (variable !== undefined) return { kind: 'value', file, value: variable, name };
    const imported = facts.imports.get(name);
    if (imported !== undefined) {
      const target = this.modules.resolve(file, imported.module);
      if (imported.name === '*') return { kind: 'namespace', target };
      return this.exportOf(target, imported.name, depth + 1);
    }
    return { kind: 'global', name };
  }

  /** The export `name` of a module. */
  exportOf(
    target: { kind: 'file'; path: string } | { kind: 'runtime' } | { kind: 'external'; module: string },
    name: string,
    depth: number,
  ): Resolved {
    if (target.kind === 'runtime') return { kind: 'runtime', name };
    if (target.kind === 'external') return { kind: 'external', module: target.module, name };
    const facts = this.facts.get(target.path);
    if (facts === undefined || depth > 16) return { kind: 'none' };
    const exported = facts.exports.get(name);
    if (exported?.kind === 'local') return this.resolveLocal(target.path, exported.local, depth + 1);
    if (exported?.kind === 'from') {
      const from = this.modules.resolve(target.path, exported.module);
      return exported.name === '*'
        ? { kind: 'namespace', target: from }
        : this.exportOf(from, exported.name, depth + 1);
    }
    if (name === 'default' && facts.defaultExport !== undefined)
      return { kind: 'value', file: target.path, value: facts.defaultExport, name: undefined };
    for (const star of facts.exportStars) {
      const found = this.exportOf(this.modules.resolve(target.path, star), name, depth + 1);
      if (found.kind !== 'none' && found.kind !== 'external') return found;
    }
    return { kind: 'none' };
  }

  resolveModule(fromFile: string, specifier: string): ModuleTarget {
    return this.modules.resolve(fromFile, specifier);
  }

  /** The class a name stands for, if it is one of the project's. */
  classNamed(file: string, name: string): ClassRef | undefined {
    const resolved = this.resolve(file, name);
    return resolved.kind === 'class' ? resolved.cls : undefined;
  }

  /** Parent class in the project, or undefined (root, or a base outside the project). */
  parentOf(cls: ClassRef): ClassRef | undefined {
    return cls.decl.extendsName === undefined ? undefined : this.classNamed(cls.file, cls.decl.extendsName);
  }

  /** The class chain names, most derived first, bases outside the project named as written (for classifyClass). */
  chainNames(cls: ClassRef): string[] {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let current: ClassRef | undefined = cls; current !== undefined && !seen.has(current.key); ) {
      seen.add(current.key);
      names.push(current.decl.name);
      const base = current.decl.extendsName;
      if (base === undefined) break;
      const parent = this.resolve(current.file, base);
      if (parent.kind === 'class') current = parent.cls;
      else {
        names.push(
          parent.kind === 'external' || parent.kind === 'runtime' || parent.kind === 'global'
            ? lastSegment(parent.name)
            : lastSegment(base),
        );
        break;
      }
    }
    return names;
  }
}

function buildClassIndex(facts: ReadonlyMap<string, FileFacts>): Map<string, ClassRef> {
  const classes = new Map<string, ClassRef>();
  for (const [file, fileFacts] of facts) {
    for (const decl of fileFacts.classes) {
      const key = classKey(file, decl.name);
      if (!classes.has(key)) classes.set(key, { key, file, decl });
    }
  }
  return classes;
}

function dehydrate(resolved: Resolved): CachedResolution {
  switch (resolved.kind) {
    case 'class':
      return { kind: 'class', key: resolved.cls.key };
    case 'interface':
    case 'alias':
      return { kind: resolved.kind, file: resolved.file, name: resolved.decl.name };
    case 'value':
      return { kind: 'value', file: resolved.file, name: resolved.name };
    default:
      return resolved;
  }
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
