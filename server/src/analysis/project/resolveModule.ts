import { dirname, resolve } from 'node:path';

/** Where an import specifier leads: a project file, the runtime package, or something else. */
export type ModuleTarget =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'runtime' }
  | { readonly kind: 'external'; readonly module: string };

const RUNTIME_PACKAGE = '@messenger-ts/runtime';

const EXTENSION_SWAPS: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/\.js$/, ['.ts', '.tsx']],
  [/\.jsx$/, ['.tsx']],
  [/\.mjs$/, ['.mts']],
  [/\.cjs$/, ['.cts']],
  [/\.(c|m)?tsx?$/, ['']],
];

/**
 * Resolves import specifiers the way NodeNext and bundlers do for sources: `./X.js` is
 * `./X.ts`, a bare path tries `.ts` and `/index.ts`, and tsconfig `paths` apply. Only files
 * of the project count: anything else is external, named by its specifier.
 */
export class ModuleResolver {
  private readonly cache = new Map<string, ModuleTarget>();

  constructor(
    private readonly files: ReadonlySet<string>,
    private readonly paths: ReadonlyArray<{ readonly pattern: string; readonly targets: readonly string[] }>,
  ) {}

  resolve(fromFile: string, specifier: string): ModuleTarget {
    const key = `${dirname(fromFile)}\0${specifier}`;
    let target = this.cache.get(key);
    if (target === undefined) {
      target = this.compute(fromFile, specifier);
      this.cache.set(key, target);
    }
    return target;
  }

  private compute(fromFile: string, specifier: string): ModuleTarget {
    if (specifier === RUNTIME_PACKAGE || specifier.startsWith(`${RUNTIME_PACKAGE}/`)) return { kind: 'runtime' };
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      const path = this.findFile(resolve(dirname(fromFile), specifier));
      return path === undefined ? { kind: 'external', module: specifier } : { kind: 'file', path };
    }
    for (const { pattern, targets } of this.paths) {
      const match = matchPattern(pattern, specifier);
      if (match === undefined) continue;
      for (const target of targets) {
        const path = this.findFile(target.replace('*', match));
        if (path !== undefined) return { kind: 'file', path };
      }
    }
    return { kind: 'external', module: specifier };
  }

  private findFile(base: string): string | undefined {
    for (const [pattern, replacements] of EXTENSION_SWAPS) {
      if (!pattern.test(base)) continue;
      for (const replacement of replacements) {
        const candidate = replacement === '' ? base : base.replace(pattern, replacement);
        if (this.files.has(candidate)) return candidate;
      }
    }
    for (const suffix of ['.ts', '.tsx', '.mts', '/index.ts', '/index.tsx']) {
      if (this.files.has(base + suffix)) return base + suffix;
    }
    return undefined;
  }
}

function matchPattern(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === specifier ? '' : undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix) || specifier.length < prefix.length + suffix.length)
    return undefined;
  return specifier.slice(prefix.length, specifier.length - suffix.length);
}
