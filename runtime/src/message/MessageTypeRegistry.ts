import { InvalidArgumentException } from '../errors/MessengerException.js';
import type { MessageClass } from './MessageClass.js';
import { messageClassTypeName } from './messageTypeName.js';
import { shortClassName } from './namespaces.js';

/**
 * The message classes an application registered: the only classes the serializer ever
 * builds from the wire, and the classes routing keys can name.
 *
 * A class is known by its type name (its @AsMessage `type`, else its class name), its short
 * class name, and any alias it was resolved through (a namespaced routing key).
 */
export class MessageTypeRegistry {
  private readonly byName = new Map<string, MessageClass>();
  private readonly registered = new Set<MessageClass>();

  constructor(classes: Iterable<MessageClass> = []) {
    for (const cls of classes) this.register(cls);
  }

  register(messageClass: MessageClass, ...aliases: string[]): this {
    if (typeof messageClass !== 'function') {
      throw new InvalidArgumentException(`Only classes can be registered as messages, got ${typeof messageClass}.`);
    }
    this.registered.add(messageClass);
    const names = new Set([messageClassTypeName(messageClass), messageClass.name, ...aliases]);
    for (const name of names) this.bind(name, messageClass);
    return this;
  }

  /**
   * The class registered under a wire type name, class name or alias; a namespaced name
   * also matches by its short name (a Symfony app sends `App\Message\Sms` for our `Sms`).
   */
  get(name: string): MessageClass | undefined {
    return this.byName.get(name) ?? this.byName.get(shortClassName(name));
  }

  /** The class registered under exactly this name, with no short-name fallback. */
  getExact(name: string): MessageClass | undefined {
    return this.byName.get(name);
  }

  has(messageClass: MessageClass): boolean {
    return this.registered.has(messageClass);
  }

  /** The name written in the `type` header. */
  nameOf(messageClass: MessageClass): string {
    return messageClassTypeName(messageClass);
  }

  classes(): MessageClass[] {
    return [...this.registered];
  }

  private bind(name: string, messageClass: MessageClass): void {
    const existing = this.byName.get(name);
    if (existing !== undefined && existing !== messageClass) {
      throw new InvalidArgumentException(
        `Two message classes are registered under the name "${name}". Give one a distinct wire name with @AsMessage({ type: '…' }), e.g. its namespaced form.`,
      );
    }
    this.byName.set(name, messageClass);
  }
}
