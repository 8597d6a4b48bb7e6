import { shortClassName } from './namespaces.js';

/**
 * The message-name rule, generic over what a message class is: a class at run time
 * (MessageTypeRegistry), a class declaration in the static analysis. Both know a message by
 * the same names and refuse the same clashes.
 */

/** How the rule reads a message class. */
export interface MessageClassNames<C> {
  /** The class's own name. */
  className(cls: C): string;
  /** The `type` of an @AsMessage on this very class, if any. */
  declaredType(cls: C): string | undefined;
  /** How a clash names the class (the analysis adds its file). */
  describe(cls: C): string;
  /** What makes two references the same class. */
  identity(cls: C): unknown;
}

/** The name a message class goes by on the wire and in errors: its @AsMessage type, else its class name. */
export function messageTypeName<C>(cls: C, names: Pick<MessageClassNames<C>, 'className' | 'declaredType'>): string {
  return names.declaredType(cls) ?? names.className(cls);
}

/** Two classes registered under one name: the first keeps it. */
export interface NameClash<C> {
  readonly name: string;
  readonly first: C;
  readonly second: C;
}

export function nameClashMessage<C>(clash: NameClash<C>, names: Pick<MessageClassNames<C>, 'describe'>): string {
  return `Two message classes are registered under the name "${clash.name}": ${names.describe(clash.first)} and ${names.describe(clash.second)}. Give one a distinct wire name with @AsMessage({ type: '…' }), e.g. its namespaced form.`;
}

/**
 * The message classes an application registered: the only classes the serializer builds from
 * the wire, and the classes routing keys can name. A class is known by its type name, its class
 * name, and any alias it was resolved through (a namespaced routing key).
 */
export class MessageNameRegistry<C> {
  private readonly byName = new Map<string, C>();
  private readonly registered = new Map<unknown, C>();

  constructor(readonly names: MessageClassNames<C>) {}

  /** Registers a class under its names; a name another class already has stays that class's, and is returned as a clash (one per other class). */
  register(cls: C, ...aliases: string[]): NameClash<C>[] {
    const identity = this.names.identity(cls);
    this.registered.set(identity, cls);
    const clashes: NameClash<C>[] = [];
    for (const name of new Set([this.nameOf(cls), this.names.className(cls), ...aliases])) {
      const existing = this.byName.get(name);
      if (existing === undefined) this.byName.set(name, cls);
      else if (
        this.names.identity(existing) !== identity &&
        !clashes.some((c) => this.names.identity(c.first) === this.names.identity(existing))
      )
        clashes.push({ name, first: existing, second: cls });
    }
    return clashes;
  }

  /**
   * The class registered under a wire type name, class name or alias; a namespaced name also
   * matches by its short name (a Symfony app sends `App\Message\Sms` for our `Sms`).
   */
  get(name: string): C | undefined {
    return this.byName.get(name) ?? this.byName.get(shortClassName(name));
  }

  /** The class registered under exactly this name, with no short-name fallback. */
  getExact(name: string): C | undefined {
    return this.byName.get(name);
  }

  has(cls: C): boolean {
    return this.registered.has(this.names.identity(cls));
  }

  /** The name written in the `type` header. */
  nameOf(cls: C): string {
    return messageTypeName(cls, this.names);
  }

  /** The registered classes, in registration order. */
  classes(): C[] {
    return [...this.registered.values()];
  }
}
