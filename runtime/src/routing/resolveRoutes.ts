import { WILDCARD } from './listTypes.js';

/** Which rule sent a message to a transport. */
export type RouteSource = 'class' | 'parent' | 'attribute' | 'wildcard';

export interface Route<T> {
  readonly transport: string;
  readonly source: RouteSource;
  /** The type whose rule matched: the class itself, a parent, or `'*'`. */
  readonly matched: T | typeof WILDCARD;
}

export interface RoutingSources<T> {
  /** Transports the configuration (messenger.yaml `routing`) gives this type, if any. */
  configured(type: T | typeof WILDCARD): readonly string[] | undefined;
  /** Transports an `@AsMessage({ transport })` on this very type gives it, if any. */
  attributes(type: T): readonly string[] | undefined;
}

/**
 * The routing rule, shared by the runtime's SendersLocator and the static analysis.
 *
 * For the class and each parent in turn: the configured rule for that type, else its
 * `@AsMessage` transports (configuration overrides attributes, so an environment can reroute
 * a message). Child and parent rules both apply. `'*'` applies only if nothing else matched.
 * A transport named twice is used once.
 */
export function resolveRoutes<T>(types: ReadonlyArray<T | typeof WILDCARD>, sources: RoutingSources<T>): Route<T>[] {
  const routes: Route<T>[] = [];
  const add = (transports: readonly string[], source: RouteSource, matched: T | typeof WILDCARD): void => {
    for (const transport of transports) {
      if (!routes.some((r) => r.transport === transport)) routes.push({ transport, source, matched });
    }
  };
  types.forEach((type, index) => {
    if (type === WILDCARD) {
      if (routes.length === 0) add(sources.configured(WILDCARD) ?? [], 'wildcard', WILDCARD);
      return;
    }
    const configured = sources.configured(type);
    if (configured !== undefined && configured.length > 0) {
      add(configured, index === 0 ? 'class' : 'parent', type);
      return;
    }
    add(sources.attributes(type) ?? [], 'attribute', type);
  });
  return routes;
}
