import { BUS_KEYS, DEFAULT_MIDDLEWARE_KEYS } from './configKeys.js';
import type { ConfigContext } from './ConfigContext.js';
import type { LocatedValue } from './locatedTree.js';
import type { BusConfig, MiddlewareConfig } from './MessengerConfig.js';

/** framework.messenger.buses: per bus, `default_middleware` and the user's `middleware`. */
export function readBuses(context: ConfigContext, value: LocatedValue | undefined): Map<string, BusConfig> {
  const buses = new Map<string, BusConfig>();
  const map = value && context.map(value, 'framework.messenger.buses');
  if (map === undefined) return buses;
  for (const entry of map.entries.values()) {
    const path = `framework.messenger.buses.${entry.key}`;
    const definition = context.map(entry.value, path);
    if (definition === undefined) continue;
    context.checkKeys(definition, path, BUS_KEYS);
    const defaultMiddleware = definition.entries.get('default_middleware');
    const middleware = definition.entries.get('middleware');
    buses.set(entry.key, {
      name: entry.key,
      defaultMiddleware:
        defaultMiddleware === undefined
          ? true
          : readDefaultMiddleware(context, defaultMiddleware.value, `${path}.default_middleware`),
      middleware: middleware === undefined ? [] : readMiddlewareList(context, middleware.value, `${path}.middleware`),
      location: entry.keyLocation,
    });
  }
  return buses;
}

function readDefaultMiddleware(
  context: ConfigContext,
  value: LocatedValue,
  path: string,
): boolean | 'allow_no_handlers' {
  if (value.kind === 'map') {
    // Symfony 6.x long form: { enabled: true, allow_no_handlers: true, allow_no_senders: true }
    context.checkKeys(value, path, DEFAULT_MIDDLEWARE_KEYS);
    const flag = (key: string, fallback: boolean): boolean => {
      const entry = value.entries.get(key);
      return entry === undefined ? fallback : context.scalar(entry.value, `${path}.${key}`) === true;
    };
    if (!flag('enabled', true)) return false;
    return flag('allow_no_handlers', false) ? 'allow_no_handlers' : true;
  }
  const scalar = context.scalar(value, path);
  if (scalar === true || scalar === false || scalar === 'allow_no_handlers') return scalar;
  if (scalar !== undefined)
    context.error(
      'invalid-value',
      path,
      value.location,
      `"default_middleware" must be true, false or "allow_no_handlers", got ${context.show(value, scalar)}.`,
    );
  return true;
}

function readMiddlewareList(context: ConfigContext, value: LocatedValue, path: string): MiddlewareConfig[] {
  const items = value.kind === 'list' ? value.items : value.kind === 'scalar' && value.value === null ? [] : [value];
  const middleware: MiddlewareConfig[] = [];
  items.forEach((item, index) => {
    const itemPath = `${path}[${index}]`;
    if (item.kind === 'scalar') {
      const id = context.string(item, itemPath);
      if (id !== undefined) middleware.push({ id, arguments: [], location: item.location });
      return;
    }
    if (item.kind !== 'map' || item.entries.size === 0) {
      context.error(
        'invalid-value',
        itemPath,
        item.location,
        'A middleware is a service id, `{ id: [arguments] }` or `{ id: …, arguments: […] }`.',
      );
      return;
    }
    const idEntry = item.entries.get('id');
    if (idEntry !== undefined) {
      context.checkKeys(item, itemPath, ['id', 'arguments']);
      const id = context.string(idEntry.value, `${itemPath}.id`);
      const args = item.entries.get('arguments');
      if (id !== undefined)
        middleware.push({
          id,
          arguments: args ? asList(context.plain(args.value, `${itemPath}.arguments`)) : [],
          location: idEntry.value.location,
        });
      return;
    }
    const [entry] = item.entries.values();
    if (item.entries.size > 1)
      context.error(
        'invalid-value',
        itemPath,
        item.location,
        'A middleware entry must have exactly one service id as key.',
      );
    middleware.push({
      id: entry!.key,
      arguments: asList(context.plain(entry!.value, `${itemPath}.${entry!.key}`)),
      location: entry!.keyLocation,
    });
  });
  return middleware;
}

function asList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
