import type { MessageNameRegistry } from '../message/MessageNameRegistry.js';
import { nameClashMessage } from '../message/MessageNameRegistry.js';
import {
  type Autoload,
  isNamespacedName,
  isNamespaceWildcard,
  namespacedNameToModule,
  namespaceWildcardProblem,
} from '../message/namespaces.js';
import { WILDCARD } from './listTypes.js';

/**
 * Routing-key resolution, the one rule shared by createMessenger() and the static analysis,
 * generic over what a class is. A key names: a class the registry knows by exactly that name
 * (class name, @AsMessage type, alias); else, for a namespaced key, the class exported by the
 * module the autoload map points to (`App\Message\Sms` → `src/Message/Sms.ts`), which joins the
 * registry under the key; else a registered class with the key's short name. The module comes
 * before the short name, so `App\Message\Sms\Notification` never silently means another
 * `Notification`.
 *
 * Reading the module is the caller's (an import at run time, the project's files in the
 * analysis): ask routingKeyModule() which one, then pass its export to resolveRoutingKey().
 */
export type RoutingKeyResolution<C> =
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'class'; readonly cls: C }
  | { readonly kind: 'unknown'; readonly message: string }
  | { readonly kind: 'ambiguous'; readonly message: string };

/** The module whose export the key names, when only a module can tell: undefined otherwise. */
export function routingKeyModule<C>(
  key: string,
  registry: MessageNameRegistry<C>,
  autoload: Autoload,
): { readonly modulePath: string; readonly exportName: string } | undefined {
  if (key === WILDCARD || isNamespaceWildcard(key) || !isNamespacedName(key) || registry.getExact(key) !== undefined)
    return undefined;
  return namespacedNameToModule(key, autoload);
}

export interface RoutingKeyContext<C> {
  readonly registry: MessageNameRegistry<C>;
  readonly autoload: Autoload;
  /** The class routingKeyModule()'s module exports under the key's name, if any. */
  readonly exported: C | undefined;
  /** Classes of the project with the key's name that are not registered (only the analysis can list them). */
  readonly unregistered?: () => readonly string[];
}

export function resolveRoutingKey<C>(key: string, context: RoutingKeyContext<C>): RoutingKeyResolution<C> {
  const { registry } = context;
  if (key === WILDCARD) return { kind: 'wildcard' };
  if (isNamespaceWildcard(key)) return { kind: 'unknown', message: namespaceWildcardProblem(key) };
  const known = registry.getExact(key);
  if (known !== undefined) return { kind: 'class', cls: known };
  if (context.exported !== undefined) {
    const [clash] = registry.register(context.exported, key);
    if (clash !== undefined) return { kind: 'ambiguous', message: nameClashMessage(clash, registry.names) };
    return { kind: 'class', cls: context.exported };
  }
  const byShortName = registry.get(key);
  if (byShortName !== undefined) return { kind: 'class', cls: byShortName };
  return { kind: 'unknown', message: unknownRoutingKeyMessage(key, context.autoload, context.unregistered?.()) };
}

/** Why a routing key names no class. */
export function unknownRoutingKeyMessage(key: string, autoload: Autoload, unregistered?: readonly string[]): string {
  if (!isNamespacedName(key)) {
    const hint =
      unregistered === undefined
        ? ''
        : unregistered.length === 0
          ? ' (no class of the project has that name either)'
          : ` (${unregistered.join(' and ')} ${unregistered.length === 1 ? 'exists but is' : 'exist but are'} not registered)`;
    return `Invalid routing: no registered message class is named "${key}"${hint}. Register it (a handler for it, or createMessenger({ messages: [${key}] })), or use its namespaced name so it can be imported.`;
  }
  const target = namespacedNameToModule(key, autoload);
  if (target === undefined)
    return `Invalid routing: "${key}" matches no autoload prefix (${Object.keys(autoload).join(', ')}), so no file can be found for it.`;
  return `Invalid routing: class "${key}" not found: expected an export "${target.exportName}" in ${target.modulePath}.ts. Interfaces do not exist at run time: route by class or parent class.`;
}
