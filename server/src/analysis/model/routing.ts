import { listTypes, type Route, resolveRoutes } from '@messenger-ts/runtime/rules';
import type { RoutingKey } from './assemble.js';
import type { ClassRef, ProjectIndex } from './ProjectIndex.js';
import { asMessageOf } from './registry.js';

/** messenger.yaml's routing by resolved class key (or `*`): what the runtime's SendersLocator holds. */
export type RoutingTable = ReadonlyMap<string, readonly string[]>;

export function routingTable(routingKeys: readonly RoutingKey[]): RoutingTable {
  const table = new Map<string, string[]>();
  for (const { rule, resolution } of routingKeys) {
    const key = resolution.kind === 'wildcard' ? '*' : resolution.kind === 'class' ? resolution.cls.key : undefined;
    if (key !== undefined) table.set(key, [...(table.get(key) ?? []), ...rule.transports]);
  }
  return table;
}

/** A class's transports and the rule behind each, by the runtime's own routing rule over class declarations. */
export function routesOf(index: ProjectIndex, routing: RoutingTable, cls: ClassRef): Route<string>[] {
  const lineage = { parentOf: (key: string) => index.parentOf(index.classes.get(key)!)?.key };
  return resolveRoutes(listTypes(cls.key, lineage), {
    configured: (type) => routing.get(type),
    attributes: (type) => asMessageOf(index, index.classes.get(type)!)?.transports,
  });
}
