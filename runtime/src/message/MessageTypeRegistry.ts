import { InvalidArgumentException } from '../errors/MessengerException.js';
import type { MessageClass } from './MessageClass.js';
import { MessageNameRegistry, nameClashMessage } from './MessageNameRegistry.js';
import { runtimeClassNames } from './messageTypeName.js';

/**
 * The message classes an application registered (see MessageNameRegistry): a name clash
 * throws, since the serializer could not tell the two classes apart.
 */
export class MessageTypeRegistry {
  private readonly names = new MessageNameRegistry(runtimeClassNames);

  constructor(classes: Iterable<MessageClass> = []) {
    for (const cls of classes) this.register(cls);
  }

  register(messageClass: MessageClass, ...aliases: string[]): this {
    if (typeof messageClass !== 'function') {
      throw new InvalidArgumentException(`Only classes can be registered as messages, got ${typeof messageClass}.`);
    }
    const [clash] = this.names.register(messageClass, ...aliases);
    if (clash !== undefined) throw new InvalidArgumentException(nameClashMessage(clash, runtimeClassNames));
    return this;
  }

  /** The class registered under a wire type name, class name or alias, or its short name. */
  get(name: string): MessageClass | undefined {
    return this.names.get(name);
  }

  /** The class registered under exactly this name, with no short-name fallback. */
  getExact(name: string): MessageClass | undefined {
    return this.names.getExact(name);
  }

  has(messageClass: MessageClass): boolean {
    return this.names.has(messageClass);
  }

  /** The name written in the `type` header. */
  nameOf(messageClass: MessageClass): string {
    return this.names.nameOf(messageClass);
  }

  classes(): MessageClass[] {
    return this.names.classes();
  }

  /** The shared registry, for the shared routing-key rule. */
  get shared(): MessageNameRegistry<MessageClass> {
    return this.names;
  }
}
