import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RoutingRuleConfig } from '../config/MessengerConfig.js';
import type { ConfigProblem } from '../errors/InvalidConfigurationException.js';
import type { MessageClass } from '../message/MessageClass.js';
import type { MessageTypeRegistry } from '../message/MessageTypeRegistry.js';
import {
  type Autoload,
  isNamespacedName,
  isNamespaceWildcard,
  MODULE_EXTENSIONS,
  namespacedNameToModule,
  namespaceWildcardProblem,
} from '../message/namespaces.js';
import { WILDCARD } from '../routing/listTypes.js';

/**
 * Resolves routing keys to classes: a name the registry knows exactly (class name, @AsMessage
 * type, alias); else, for a namespaced key, the class exported by the file the autoload map
 * points to (`App\Message\Sms` → `src/Message/Sms.ts`), which joins the registry; else a
 * registered class with the key's short name. The file comes before the short name, so
 * `App\Message\Sms\Notification` never silently means another `Notification`.
 */
export async function resolveRoutingKeys(
  rules: readonly RoutingRuleConfig[],
  registry: MessageTypeRegistry,
  projectDir: string,
  autoload: Autoload,
): Promise<{ routing: Map<MessageClass | '*', string[]>; problems: ConfigProblem[] }> {
  const routing = new Map<MessageClass | '*', string[]>();
  const problems: ConfigProblem[] = [];
  for (const rule of rules) {
    const path = `framework.messenger.routing.${rule.message}`;
    let key: MessageClass | '*' | undefined;
    try {
      key =
        rule.message === WILDCARD
          ? WILDCARD
          : (registry.getExact(rule.message) ??
            (await importNamespaced(rule.message, projectDir, autoload, registry)) ??
            registry.get(rule.message));
    } catch (error) {
      problems.push({
        code: 'ambiguous-message-class',
        severity: 'error',
        path,
        location: rule.location,
        message: (error as Error).message,
      });
      continue;
    }
    if (key === undefined) {
      problems.push({
        code: 'unknown-message-class',
        severity: 'error',
        path,
        location: rule.location,
        message: unknownClassMessage(rule.message, projectDir, autoload),
      });
      continue;
    }
    routing.set(key, [...(routing.get(key) ?? []), ...rule.transports]);
  }
  return { routing, problems };
}

async function importNamespaced(
  name: string,
  projectDir: string,
  autoload: Autoload,
  registry: MessageTypeRegistry,
): Promise<MessageClass | undefined> {
  if (!isNamespacedName(name)) return undefined;
  const target = namespacedNameToModule(name, autoload);
  if (target === undefined) return undefined;
  const file = MODULE_EXTENSIONS.map((ext) => join(projectDir, target.modulePath + ext)).find((candidate) =>
    existsSync(candidate),
  );
  if (file === undefined) return undefined;
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const exported = module[target.exportName];
  if (typeof exported !== 'function') return undefined;
  registry.register(exported as MessageClass, name);
  return exported as MessageClass;
}

function unknownClassMessage(name: string, projectDir: string, autoload: Autoload): string {
  if (isNamespaceWildcard(name)) return namespaceWildcardProblem(name);
  if (!isNamespacedName(name)) {
    return `Invalid routing: no registered message class is named "${name}". Register it (a handler for it, or createMessenger({ messages: [${name}] })), or use its namespaced name so it can be imported.`;
  }
  const target = namespacedNameToModule(name, autoload);
  if (target === undefined) {
    return `Invalid routing: "${name}" matches no autoload prefix (${Object.keys(autoload).join(', ')}), so no file can be found for it.`;
  }
  return `Invalid routing: class "${name}" not found: expected an export "${target.exportName}" in ${target.modulePath}.ts (relative to ${projectDir}). Interfaces do not exist at run time: route by class or parent class.`;
}
