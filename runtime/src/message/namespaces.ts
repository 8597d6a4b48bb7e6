/**
 * How Symfony-style class names map to TypeScript files, PSR-4 style: with the default
 * autoload `{ 'App\\': 'src/' }`, `App\Message\SmsNotification` is the export
 * `SmsNotification` of `src/Message/SmsNotification.ts` (or .mts/.js/.mjs). Shared by the
 * runtime (to import the class a routing key names) and the static analysis (to name a class
 * the way a routing key would).
 */
export type Autoload = Readonly<Record<string, string>>;

export const DEFAULT_AUTOLOAD: Autoload = { 'App\\': 'src/' };

export const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

export function isNamespacedName(name: string): boolean {
  return name.includes('\\');
}

/** `App\Message\SmsNotification` → `SmsNotification`. */
export function shortClassName(name: string): string {
  const index = name.lastIndexOf('\\');
  return index === -1 ? name : name.slice(index + 1);
}

/** Where a namespaced class lives: the module path without extension (relative to the project) and the export name. */
export function namespacedNameToModule(
  name: string,
  autoload: Autoload = DEFAULT_AUTOLOAD,
): { modulePath: string; exportName: string } | undefined {
  const normalized = name.replace(/^\\+/, '');
  // Longest prefix first, as PSR-4 does.
  for (const prefix of Object.keys(autoload).sort((a, b) => b.length - a.length)) {
    if (!normalized.startsWith(prefix)) continue;
    const relative = normalized.slice(prefix.length);
    if (relative === '' || relative.endsWith('\\')) return undefined;
    const dir = autoload[prefix]!.replace(/\/+$/, '');
    return { modulePath: `${dir}/${relative.split('\\').join('/')}`, exportName: shortClassName(relative) };
  }
  return undefined;
}

/** The namespaced name of a class exported from a module (project-relative path, `/` separators). */
export function moduleToNamespacedName(
  relativeFile: string,
  className: string,
  autoload: Autoload = DEFAULT_AUTOLOAD,
): string | undefined {
  const withoutExtension = relativeFile.replace(/\.(c|m)?(t|j)s$/, '').replace(/^\.\//, '');
  const dirOf = withoutExtension.slice(0, withoutExtension.lastIndexOf('/') + 1);
  for (const [prefix, dir] of Object.entries(autoload)) {
    const base = `${dir.replace(/\/+$/, '')}/`;
    if (!dirOf.startsWith(base) && base !== './') continue;
    const inner = (base === './' ? dirOf : dirOf.slice(base.length)).split('/').filter(Boolean);
    return `${prefix}${[...inner, className].join('\\')}`;
  }
  return undefined;
}

/** `App\Message\*`: Symfony routes every class of a namespace with it. */
export function isNamespaceWildcard(name: string): boolean {
  return name.endsWith('\\*');
}

/** Why a namespace wildcard cannot route here, shared by the runtime and the static analysis. */
export function namespaceWildcardProblem(name: string): string {
  return (
    `Invalid routing: "${name}" routes a whole namespace, which cannot work here: a class does not know its namespace at run time. ` +
    'Give those messages a common (abstract) parent class and route that, or list them one by one.'
  );
}
