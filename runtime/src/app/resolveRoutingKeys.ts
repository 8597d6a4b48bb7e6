import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RoutingRuleConfig } from '../config/MessengerConfig.js';
import type { ConfigProblem } from '../errors/InvalidConfigurationException.js';
import type { MessageClass } from '../message/MessageClass.js';
import type { MessageTypeRegistry } from '../message/MessageTypeRegistry.js';
import { type Autoload, MODULE_EXTENSIONS } from '../message/namespaces.js';
import { WILDCARD } from '../routing/listTypes.js';
import { resolveRoutingKey, routingKeyModule } from '../routing/routingKeys.js';
import { errorMessage } from '../support/errorMessage.js';

/**
 * Resolves the routing keys of messenger.yaml to classes by the shared rule
 * (routing/routingKeys.ts), importing the module a namespaced key names when the registry does
 * not know it.
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
    const at = { path: `framework.messenger.routing.${rule.message}`, location: rule.location };
    const module = routingKeyModule(rule.message, registry.shared, autoload);
    let exported: MessageClass | undefined;
    try {
      exported = module === undefined ? undefined : await importExport(projectDir, module);
    } catch (error) {
      const message = `Invalid routing: importing the module of "${rule.message}" failed: ${errorMessage(error)}`;
      problems.push({ code: 'unknown-message-class', severity: 'error', ...at, message });
      continue;
    }
    const resolution = resolveRoutingKey(rule.message, { registry: registry.shared, autoload, exported });
    if (resolution.kind === 'unknown' || resolution.kind === 'ambiguous') {
      const code = resolution.kind === 'unknown' ? 'unknown-message-class' : 'ambiguous-message-class';
      problems.push({ code, severity: 'error', ...at, message: resolution.message });
      continue;
    }
    const key = resolution.kind === 'wildcard' ? WILDCARD : resolution.cls;
    routing.set(key, [...(routing.get(key) ?? []), ...rule.transports]);
  }
  return { routing, problems };
}

/** The class a module exports under a name, imported from the first of the module's files that exists. */
async function importExport(
  projectDir: string,
  module: { readonly modulePath: string; readonly exportName: string },
): Promise<MessageClass | undefined> {
  const file = MODULE_EXTENSIONS.map((ext) => join(projectDir, module.modulePath + ext)).find((candidate) =>
    existsSync(candidate),
  );
  if (file === undefined) return undefined;
  const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const exported = exports[module.exportName];
  return typeof exported === 'function' ? (exported as MessageClass) : undefined;
}
