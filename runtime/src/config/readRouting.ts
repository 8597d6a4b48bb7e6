import { ROUTING_KEYS } from './configKeys.js';
import type { ConfigContext } from './ConfigContext.js';
import type { LocatedValue } from './locatedTree.js';
import type { RoutingRuleConfig } from './MessengerConfig.js';

/** framework.messenger.routing: `Class: transport`, `Class: [a, b]` or `Class: { senders: [a, b] }`. */
export function readRouting(context: ConfigContext, value: LocatedValue | undefined): RoutingRuleConfig[] {
  const map = value && context.map(value, 'framework.messenger.routing');
  if (map === undefined) return [];
  const rules: RoutingRuleConfig[] = [];
  for (const entry of map.entries.values()) {
    const path = `framework.messenger.routing.${entry.key}`;
    let senders = entry.value;
    if (senders.kind === 'map') {
      context.checkKeys(senders, path, ROUTING_KEYS);
      const inner = senders.entries.get('senders');
      if (inner === undefined) {
        context.error(
          'missing-value',
          `${path}.senders`,
          entry.keyLocation,
          `Routing for "${entry.key}" needs "senders".`,
        );
        continue;
      }
      senders = inner.value;
    }
    const transports = context.stringList(senders, path);
    rules.push({
      message: entry.key.replace(/^\\+/, ''),
      transports: transports.map((t) => t.value),
      location: entry.keyLocation,
      transportLocations: transports.map((t) => t.location),
    });
  }
  return rules;
}
